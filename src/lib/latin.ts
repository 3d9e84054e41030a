import slugify from '@sindresorhus/slugify';
import { transliterate } from 'transliteration';

/**
 * The text in Latin letters, for slugs and place look-ups. Accents are dropped first, as
 * people type them ('Zürich' → 'Zurich', not the German 'Zuerich'); letters that do not
 * decompose are then spelt out by `transliteration` (ß → ss, Đ → D, ø → o, æ → ae, ł → l,
 * ı → i, Cyrillic, Greek, Arabic, Hebrew, Devanagari, and Chinese as pinyin), where the old
 * decomposition dropped them: 'Weiß' was `wei` and 'Łódź' never matched 'Lodz'.
 */
export function latin(text: string): string {
  // Only marks on Latin letters: in Devanagari and other scripts they are vowels, not accents.
  const bare = text.normalize('NFKD').replace(/(\p{Script=Latin})\p{M}+/gu, '$1').normalize('NFC');
  // Most names are ASCII already; transliteration is only needed for the rest.
  return /[^\u0000-\u007f]/.test(bare) ? transliterate(bare) : bare;
}

// Apostrophes join ("O'Brien" → obrien, as slugs always did); camel case is a name, not two words
// ('McDonald' → mcdonald).
const SLUG_OPTIONS = { decamelize: false, customReplacements: [["'", ''], ['’', ''], ['ʼ', '']] as [string, string][] };

/** 'Weiß & Söhne' → 'weiss-and-sohne', '王小明' → 'wang-xiao-ming'; '' when nothing is left. At most `max` characters. */
export function slugOf(text: string, max = 60): string {
  return slugify(latin(text), SLUG_OPTIONS).slice(0, max).replace(/-+$/, '');
}
