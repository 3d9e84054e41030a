import { ProfileTabs } from '../../directory/views/profile.tsx';
import type { ListParams } from '../params.ts';
import { mediatorArticlesHref } from '../present.ts';
import type { CardPage } from '../queries.ts';
import { ArticleCardList } from './cards.tsx';
import { ArticleListPage } from './lists.tsx';
import { plural } from '../../web/format.ts';
import { Avatar } from '../../web/people.tsx';

/** A mediator's writing, on their profile (the newest few) and on the profile's "Articles" tab. */

export const PROFILE_ARTICLES_SHOWN = 3;

export function ProfileArticlesSection({ mediatorSlug, name, articles }: { mediatorSlug: string; name: string; articles: CardPage }): JSX.Element {
  return (
    <section id="articles" aria-labelledby="profile-articles-title">
      <h2 id="profile-articles-title" safe>{`Articles by ${name}`}</h2>
      <ArticleCardList cards={articles.cards} level={3} />
      <p>
        <a href={mediatorArticlesHref(mediatorSlug)} safe>
          {articles.total > articles.cards.length ? `All ${plural(articles.total, 'piece')} by ${name}` : `All articles by ${name}`}
        </a>
      </p>
    </section>
  );
}

export interface MediatorArticlesView {
  publicUrl: string;
  mediator: { slug: string; name: string; headline: string; photoUrl: string | null };
  params: ListParams;
  articles: CardPage;
  pageCount: number;
  pageSize: number;
}

export function MediatorArticlesPage(v: MediatorArticlesView): JSX.Element {
  const m = v.mediator;
  return (
    <ArticleListPage
      publicUrl={v.publicUrl}
      heading={`Articles by ${m.name}`}
      intro={`Articles, news summaries and videos by ${m.name}${m.headline ? ` — ${m.headline}` : ''}.`}
      path={mediatorArticlesHref(m.slug)}
      params={v.params}
      total={v.articles.total}
      pageCount={v.pageCount}
      cards={v.articles.cards}
      pageSize={v.pageSize}
      emptyText={`${m.name} has not published anything on Concord yet.`}
      section="mediators"
      head={
        <div class="author-head">
          <Avatar name={m.name} photoUrl={m.photoUrl} />
          <ProfileTabs slug={m.slug} current="articles" articleCount={v.articles.total} />
        </div>
      }
    />
  );
}
