/** "← Previous page · Page 2 of 5 · Next page →" under a list; nothing when there is one page. */
export function Pagination({ page, pageCount, href }: { page: number; pageCount: number; href: (page: number) => string }): JSX.Element {
  if (pageCount <= 1) return <></>;
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 ? (
        <a class="button button-secondary" href={href(page - 1)} rel="prev">
          ← Previous page
        </a>
      ) : (
        <span></span>
      )}
      <span>
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <a class="button button-secondary" href={href(page + 1)} rel="next">
          Next page →
        </a>
      ) : (
        <span></span>
      )}
    </nav>
  );
}
