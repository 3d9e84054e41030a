/** A person's picture in a list or byline: their photo, or their initials when they gave none. */
export function Avatar({ name, photoUrl, large }: { name: string; photoUrl: string | null; large?: boolean }): JSX.Element {
  const size = large ? 128 : 64;
  const cls = large ? 'avatar avatar-large' : 'avatar';
  if (photoUrl) return <img class={cls} src={photoUrl} width={String(size)} height={String(size)} alt="" loading="lazy" decoding="async" />;
  return (
    <span class={cls} aria-hidden="true" safe>
      {initials(name)}
    </span>
  );
}

/** "MR" for "María Rodríguez": the first letters of the first and last names. */
export function initials(name: string): string {
  const parts = name
    .replace(/[^\p{L}\p{N}\s'-]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const first = parts[0]?.[0] ?? '?';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}
