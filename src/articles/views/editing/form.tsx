import { CsrfField, ErrorSummary } from '../../../web/forms.tsx';
import { Checks, ErrorLine, ImageField, TextArea, TextField } from '../../../web/fields.tsx';
import type { FieldProblem } from '../../../web/http-error.ts';
import type { AssociationChoice } from '../../associations.ts';
import type { Category } from '../../categories.ts';
import { COAUTHORS_FIELD_MAX, MAX_AUTHORS } from '../../coauthors.ts';
import { HERO_MAX_BYTES, heroSrc } from '../../hero.ts';
import { ARTICLE_LIMITS, EDITOR_KINDS, KIND_LABELS, MEMBER_KINDS, type ArticleFields } from '../../schema.ts';
import type { HeroImage } from '../../types.ts';

/**
 * The one form for writing and editing a piece, for members and editors. It is multipart because
 * the hero image travels with the text, so a writer saves everything at once, without JavaScript.
 * Fields for news and videos show for every kind, in their own labelled groups; the ones that do
 * not apply to the chosen kind are ignored when saving.
 */

export interface ArticleFormView {
  csrf: string;
  action: string;
  role: 'member' | 'editor';
  isNew: boolean;
  fields: ArticleFields;
  problems: FieldProblem[];
  categories: Category[];
  /** Editors: the associations a piece may concern; null on a member's form. */
  associations: AssociationChoice[] | null;
  /** The image saved with the piece (from the database, never from the form). */
  currentHero: HeroImage | null;
  needsBylineName: boolean;
  /** An image was chosen but the form had problems, so it was not kept. */
  imageLost: boolean;
  /** Editors: offer "Save and publish now" (not for a piece that is already published). */
  canPublish?: boolean;
  /** The co-author fields; null where the form has none (an editor's new piece). */
  byline: BylineView | null;
}

/** The byline as the co-author fields show it. */
export interface BylineView {
  /** The names on the piece now, in order (empty for a new piece: the writer's own comes first). */
  entries: { authorId: number; name: string; mine: boolean; removable: boolean }[];
  /** Editors, when "Concord editors" is not on the byline. */
  canAddEditors: boolean;
  /** A profile address on this site, for the hint. */
  example: string;
}

const KIND_HINTS = {
  article: 'Your own writing about mediation.',
  news: 'A short summary of a story published elsewhere, with a link to it.',
  video: 'A video on YouTube or Vimeo, with a summary or transcript.',
} as const;

const MARKDOWN_HINT =
  'Plain text with Markdown: leave an empty line between paragraphs; ## at the start of a line makes a heading; **bold**, *italic*; start lines with - for a list; [words](https://…) makes a link. HTML and images are not shown.';

function problemFor(problems: FieldProblem[], id: string): string | undefined {
  return problems.find((p) => p.field === id)?.message;
}

function Radios(p: { name: string; legend: string; options: readonly (readonly [string, string, string?])[]; value: string; problems: FieldProblem[] }): JSX.Element {
  const error = problemFor(p.problems, p.name);
  return (
    <fieldset id={p.name} tabindex="-1" aria-describedby={error ? `${p.name}-error` : undefined}>
      <legend safe>{p.legend}</legend>
      <ErrorLine id={p.name} error={error} />
      <div class="checks">
        {p.options.map(([value, text, hint]) => (
          <label class="check">
            <input type="radio" name={p.name} value={value} checked={value === p.value} />
            <span>
              <span safe>{text}</span>
              {hint ? (
                <span class="hint" safe>
                  {hint}
                </span>
              ) : (
                ''
              )}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * Co-authors without JavaScript: the names on the byline with a "Remove" box each (where this
 * writer may take them off), and a field for more, by profile address or slug.
 */
function CoauthorFields(v: { byline: BylineView; fields: ArticleFields; problems: FieldProblem[]; role: 'member' | 'editor' }): JSX.Element {
  const { byline, fields: f } = v;
  const who = v.role === 'editor' ? 'who wrote this, after the names above' : 'who wrote this with you, after your name';
  const hint = `Other mediators listed on Concord ${who}. Paste the address of each one's profile page, like ${byline.example}, or its last part, like jane-doe; separate several with commas or new lines. Up to ${MAX_AUTHORS} authors in all. Each one gets an email and can open and edit the piece.`;
  return (
    <fieldset class="coauthor-fields">
      <legend>{v.role === 'editor' ? 'Authors' : 'Co-authors (optional)'}</legend>
      {byline.entries.length ? (
        <>
          <p id="byline-now">The byline now, in this order:</p>
          <ol class="byline-list" aria-labelledby="byline-now">
            {byline.entries.map((e, i) => (
              <li>
                <span safe>{e.name}</span>
                {e.mine ? ' (you)' : ''}
                {i === 0 ? <span class="muted"> · writer</span> : ''}
                {e.removable ? (
                  <label class="check">
                    <input type="checkbox" name="coauthor_remove" value={String(e.authorId)} checked={f.coauthor_remove.includes(String(e.authorId))} />
                    <span>
                      Remove <span safe>{e.name}</span>
                    </span>
                  </label>
                ) : (
                  ''
                )}
              </li>
            ))}
          </ol>
        </>
      ) : (
        <p>{v.role === 'editor' ? 'The byline chosen above comes first.' : 'Your name comes first, as the writer.'}</p>
      )}
      <TextArea
        name="coauthors"
        label={v.role === 'editor' ? 'Add authors' : 'Add co-authors'}
        hint={hint}
        value={f.coauthors}
        problems={v.problems}
        maxlength={COAUTHORS_FIELD_MAX}
        rows={2}
      />
      {byline.canAddEditors ? (
        <label class="check">
          <input type="checkbox" name="add_editors" value="1" checked={f.add_editors} />
          <span>Add “Concord editors” to the byline</span>
        </label>
      ) : (
        ''
      )}
    </fieldset>
  );
}

export function ArticleForm(v: ArticleFormView): JSX.Element {
  const { fields: f, problems } = v;
  const kinds = v.role === 'editor' ? EDITOR_KINDS : MEMBER_KINDS;
  const heroError = problemFor(problems, 'hero');
  const megabytes = HERO_MAX_BYTES / 1024 / 1024;
  const heroHint = `JPEG, PNG or WebP, at least 480 pixels wide, up to ${megabytes} MB. It is cropped to a wide 16:9 frame.`;
  return (
    <form method="post" action={v.action} enctype="multipart/form-data" novalidate class="profile-form article-form">
      <CsrfField token={v.csrf} />
      <ErrorSummary problems={problems} />
      <Radios
        name="kind"
        legend="What are you writing?"
        options={kinds.map((k) => [k, KIND_LABELS[k], KIND_HINTS[k]] as const)}
        value={f.kind}
        problems={problems}
      />
      <TextField name="title" label="Title" value={f.title} problems={problems} maxlength={ARTICLE_LIMITS.title} required />
      <TextArea
        name="excerpt"
        label="Summary (optional)"
        hint="One or two sentences shown on cards and in feeds. Leave it empty and the start of your text is used."
        value={f.excerpt}
        problems={problems}
        maxlength={ARTICLE_LIMITS.excerpt}
        rows={3}
      />
      <TextArea name="body" label="Text" hint={MARKDOWN_HINT} value={f.body} problems={problems} maxlength={ARTICLE_LIMITS.bodyBytes} rows={18} />

      {v.role === 'editor' ? (
        <fieldset>
          <legend>For news summaries: the source</legend>
          <span class="hint">Needed for a news summary; readers see "Read the complete article at" the source.</span>
          <div class="row">
            <TextField name="source_name" label="Name of the source" hint="Such as the newspaper or the site" value={f.source_name} problems={problems} maxlength={ARTICLE_LIMITS.sourceName} />
            <TextField name="source_url" label="Link to the full article" hint="Starts with https://" value={f.source_url} problems={problems} maxlength={ARTICLE_LIMITS.url} />
          </div>
        </fieldset>
      ) : (
        ''
      )}

      <fieldset>
        <legend>For videos</legend>
        <div class="row">
          <TextField name="video_url" label="Link to the video" hint="The address of its page on YouTube or Vimeo" value={f.video_url} problems={problems} maxlength={ARTICLE_LIMITS.url} />
          <TextField name="video_duration" label="Running time (optional)" hint="Minutes and seconds, like 12:30, or whole minutes" value={f.video_duration} problems={problems} maxlength={8} />
        </div>
      </fieldset>

      <Checks name="categories" legend="Categories" hint="Choose one or more." options={v.categories.map((c) => [c.slug, c.name] as const)} chosen={f.categories} problems={problems} />
      <TextField name="tags" label="Tags (optional)" hint="Separated by commas, up to 10. For example: parenting plans, online mediation" value={f.tags} problems={problems} maxlength={500} />
      {v.associations?.length ? (
        <Checks
          name="associations"
          legend="Associations (optional)"
          hint="The piece shows as news on the page of each association ticked."
          options={v.associations.map((a) => [String(a.id), a.name] as const)}
          chosen={f.associations}
          problems={problems}
        />
      ) : (
        ''
      )}

      <fieldset class="hero-fields">
        <legend>Image (optional)</legend>
        {v.currentHero ? (
          <div class="hero-current">
            <img src={heroSrc(v.currentHero.image, 480)} width="240" height="135" alt={`The current image: ${v.currentHero.alt}`} />
            <label class="check">
              <input type="checkbox" name="hero_remove" value="1" checked={f.hero_remove} />
              <span>Remove this image</span>
            </label>
          </div>
        ) : (
          ''
        )}
        {v.imageLost ? (
          <p class="field-error">
            <span class="visually-hidden">Error: </span>The image you chose was not saved because of the problems above. Choose it again after fixing them.
          </p>
        ) : (
          ''
        )}
        <ImageField name="hero" label={v.currentHero ? 'Choose a new image' : 'Choose an image'} hint={heroHint} error={heroError} />
        <TextField
          name="hero_alt"
          label="Describe the image"
          hint="Needed with an image: what it shows, in a sentence, for people who cannot see it."
          value={f.hero_alt}
          problems={problems}
          maxlength={ARTICLE_LIMITS.alt}
        />
      </fieldset>

      {v.needsBylineName ? (
        <TextField
          name="byline_name"
          label="Your name, as readers will see it"
          hint="Shown as the byline. With a mediator profile, your profile's name is used instead."
          value={f.byline_name}
          problems={problems}
          maxlength={ARTICLE_LIMITS.byline}
          autocomplete="name"
        />
      ) : (
        ''
      )}
      {v.role === 'editor' && v.isNew ? (
        <Radios
          name="byline"
          legend="Byline"
          options={[
            ['editors', 'Concord editors', 'For news summaries the editors chose and wrote.'],
            ['self', 'Your own name', 'Your mediator profile, or your author page.'],
          ]}
          value={f.byline}
          problems={problems}
        />
      ) : (
        ''
      )}

      {v.byline ? <CoauthorFields byline={v.byline} fields={f} problems={problems} role={v.role} /> : ''}

      <div class="actions">
        {v.role === 'member' ? (
          <>
            <button class="button" type="submit" name="after" value="save">
              Save draft
            </button>
            <button class="button button-secondary" type="submit" name="after" value="submit">
              Save and submit for review
            </button>
          </>
        ) : (
          <>
            <button class="button" type="submit" name="after" value="save">
              Save
            </button>
            {v.canPublish ? (
              <button class="button button-secondary" type="submit" name="after" value="publish">
                Save and publish now
              </button>
            ) : (
              ''
            )}
          </>
        )}
      </div>
      {v.role === 'member' ? <p class="hint">Once submitted, a piece is locked until an editor answers; they may publish it, ask you for a change, or decline it.</p> : ''}
    </form>
  );
}
