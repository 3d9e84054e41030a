import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { foldWord, indexWords, MARK_END, MARK_START, markAll, snippet } from './snippets.ts';

const shown = (s: string) => s.replaceAll(MARK_START, '[').replaceAll(MARK_END, ']');

describe('search words, as the SQLite index reads them', () => {
  it('folds case and accents the way unicode61 remove_diacritics 2 does', () => {
    expect(foldWord('Médiation')).toBe('mediation');
    expect(foldWord('ŁÓDŹ')).toBe('łodz');
    expect(foldWord('e\u0301cole')).toBe('ecole');
    expect(foldWord('ﬁne')).toBe('ﬁne');
  });

  it('finds the same words as FTS5 itself', () => {
    const text = 'Médiation e\u0301cole don’t Straße ＡＢＣ ﬁne 3.5 x_y a-b Œuvre İstanbul ØRE łódź naïve 日本語 £5 50% #tag parent’s';
    const db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE f USING fts5(x, tokenize = 'unicode61 remove_diacritics 2'); CREATE VIRTUAL TABLE v USING fts5vocab(f, row);`);
    db.prepare('INSERT INTO f (x) VALUES (?)').run(text);
    const fts = (db.prepare('SELECT term FROM v').all() as { term: string }[]).map((r) => r.term);
    db.close();
    expect([...indexWords(text)].sort()).toEqual(fts.sort());
  });
});

describe('highlights and snippets', () => {
  const terms = (...words: string[]) => words.map((w) => w.split(' '));

  it('marks every word that begins with a term, and a term with an apostrophe as typed or joined', () => {
    expect(shown(markAll('Settling a settlement, not a set.', terms('settl')))).toBe('[Settling] a [settlement], not a set.');
    expect(shown(markAll('When parents don’t agree', terms('don t')))).toBe('When parents [don’t] agree');
    expect(shown(markAll('When parents don’t agree', terms('dont')))).toBe('When parents [don’t] agree');
    expect(shown(markAll('Médiation familiale', terms('mediation')))).toBe('[Médiation] familiale');
    expect(markAll('Nothing here', terms('caucus'))).toBe('Nothing here');
  });

  it('shows the passage with the most different terms, from the start of its sentence', () => {
    const text = [
      'An opening sentence about nothing in particular that goes on for a while.',
      'A caucus appears here alone, early in the text, among other words that fill the sentence up.',
      'Much later there is filler text that says little and keeps going for a good many words more.',
      'Here the caucus and the agenda meet in one sentence.',
      'Then the piece ends with a few closing words, and some more words after those, to run past the end.',
    ].join(' ');
    expect(shown(snippet(text, terms('caucus', 'agenda')))).toBe(
      '…Here the [caucus] and the [agenda] meet in one sentence. Then the piece ends with a few closing words, and some more words after those, to run past…',
    );
  });

  it('keeps the end of the text with its full stop, and shows the first words when nothing matches', () => {
    expect(shown(snippet('Short text with a caucus.', terms('caucus')))).toBe('Short text with a [caucus].');
    const long = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    expect(snippet(long, terms('zebra'))).toBe(`${Array.from({ length: 28 }, (_, i) => `w${i}`).join(' ')}…`);
    expect(snippet('', terms('zebra'))).toBe('');
    const words25 = Array.from({ length: 25 }, () => 'word').join(' ');
    expect(shown(snippet(`The caucus ${words25} done. More words follow here.`, terms('caucus')))).toBe(`The [caucus] ${words25} done.`);
  });
});
