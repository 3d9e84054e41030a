import { renderArticleMarkdown } from '../../../web/markdown.ts';
import { heroSrc, heroSrcset } from '../../hero.ts';
import { formatDuration, parseVideoUrl, watchUrl } from '../../video.ts';
import type { PiecePreview, PieceSummary } from '../../workflow.ts';
import { kindLabel } from './common.tsx';
import { formatDate, formatList, plural } from '../../../web/format.ts';

/**
 * A piece as it will read, for its writer and for editors before it is published. Everything a
 * writer typed is escaped, except the body, which goes through the Markdown allow-list. The video
 * is not embedded here: the preview makes no request to YouTube or Vimeo.
 */
export function ArticlePreview({ piece, preview }: { piece: PieceSummary; preview: PiecePreview }): JSX.Element {
  const { content } = preview;
  const safeBody = renderArticleMarkdown(content.body);
  const video = content.kind === 'video' && content.videoUrl ? parseVideoUrl(content.videoUrl) : null;
  const provider = video?.ok ? (video.video.provider === 'youtube' ? 'YouTube' : 'Vimeo') : null;
  const byline = piece.authors.length ? `By ${formatList(piece.authors)}` : 'No byline yet';
  const when = piece.publishedAt ? `Published ${formatDate(piece.publishedAt)}` : 'Not published yet';
  const length = content.kind === 'video' && content.videoSeconds ? `${formatDuration(content.videoSeconds)} video` : `${plural(preview.readingMinutes, 'minute')} to read`;
  return (
    <article class="article-preview">
      <header>
        <p class="eyebrow" safe>
          {kindLabel(content.kind)}
        </p>
        <h1 safe>{content.title}</h1>
        <p class="muted">
          <span safe>{byline}</span> · <span safe>{when}</span> · <span safe>{length}</span>
        </p>
      </header>
      {content.hero ? (
        <figure class="article-hero">
          <img
            src={heroSrc(content.hero.image, 960)}
            srcset={heroSrcset(content.hero.image)}
            width={String(content.hero.width)}
            height={String(content.hero.height)}
            alt={content.hero.alt}
          />
        </figure>
      ) : (
        ''
      )}
      {content.excerpt ? (
        <p class="lead" safe>
          {preview.excerpt}
        </p>
      ) : (
        ''
      )}
      {video?.ok ? (
        <div class="video-note panel">
          <p>
            <strong>Video</strong> on {provider}
            {content.videoSeconds ? <span safe>{` · ${formatDuration(content.videoSeconds)}`}</span> : ''}. On the published page it plays after the reader clicks, so nothing loads from{' '}
            {provider} before then.
          </p>
          <p>
            <a href={watchUrl(video.video)} rel="nofollow noopener">
              Watch it on {provider}
            </a>
          </p>
        </div>
      ) : (
        ''
      )}
      <div class="prose">{safeBody}</div>
      {content.kind === 'news' && content.sourceUrl ? (
        <p class="source-link">
          <a href={content.sourceUrl} rel="nofollow noopener">
            Read the complete article at <span safe>{content.sourceName ?? content.sourceUrl}</span>
          </a>
        </p>
      ) : (
        ''
      )}
      <dl class="facts article-facts">
        <dt>Summary on cards</dt>
        <dd>
          <span safe>{preview.excerpt}</span>
          {content.excerpt ? '' : <span class="muted"> (taken from the start of the text)</span>}
        </dd>
        <dt>Categories</dt>
        <dd safe>{preview.categories.map((c) => c.name).join(', ') || 'None'}</dd>
        <dt>Tags</dt>
        <dd safe>{content.tags.join(', ') || 'None'}</dd>
      </dl>
    </article>
  );
}
