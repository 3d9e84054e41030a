/**
 * Text for an attribute value. @kitajs/html (4.2, `attributesToString`) escapes only `"` there and
 * has no option for more, so `Tom &amp; Jerry` typed into a field reached the browser as
 * `Tom & Jerry`, came back so from the form and was saved changed. `&` is escaped first, then `"`,
 * which leaves @kitajs/html nothing to escape again.
 */
export function attributeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&#34;');
}
