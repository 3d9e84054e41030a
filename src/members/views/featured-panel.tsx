import type { MemberGrant } from '../../directory/featured/grants.ts';
import { formatDate } from '../../web/format.ts';

/** The member's featured places on their dashboard: tier, region, end and the impressions bought so far. */
export function FeaturedPanel({ grants }: { grants: MemberGrant[] }): JSX.Element {
  if (!grants.length) return <></>;
  return (
    <section class="panel featured-panel" aria-labelledby="featured-title">
      <h2 id="featured-title">Featured</h2>
      <ul>
        {grants.map((g) => (
          <li>
            <p>
              <span class="label-featured">Featured</span> in <strong safe>{g.regionLabel}</strong>,{' '}
              {g.directory ? (
                <>
                  in the directory of{' '}
                  <a href={`/associations/${g.directory.slug}/directory`} safe>
                    {g.directory.name}
                  </a>
                </>
              ) : (
                'in Concord’s search'
              )}
            </p>
            <p safe>
              {`${g.state === 'upcoming' ? `Starts ${formatDate(g.startsAt)}, ends` : 'Ends'} ${formatDate(new Date(Date.parse(g.endsAt) - 1).toISOString())}. ` +
                `Shown in a featured place ${g.impressions.toLocaleString('en-US')} ${g.impressions === 1 ? 'time' : 'times'} so far.`}
            </p>
          </li>
        ))}
      </ul>
      <p class="hint">Featured places appear only in searches from this region that your profile matches, and take turns with the region's other featured members.</p>
    </section>
  );
}
