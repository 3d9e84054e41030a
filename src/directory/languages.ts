/** Languages mediators list, by ISO 639-1 code. Names in English for the filter and cards. */
export const LANGUAGES: Record<string, string> = {
  en: 'English',
  es: 'Spanish',
  fr: 'French',
  zh: 'Mandarin',
  vi: 'Vietnamese',
  ko: 'Korean',
  ar: 'Arabic',
  hi: 'Hindi',
  pt: 'Portuguese',
  de: 'German',
  it: 'Italian',
  ru: 'Russian',
  tl: 'Tagalog',
  ja: 'Japanese',
  pl: 'Polish',
  he: 'Hebrew',
  pa: 'Punjabi',
  ur: 'Urdu',
  el: 'Greek',
  asl: 'American Sign Language',
};

export const languageName = (code: string) => LANGUAGES[code] ?? code;
