// Attributes the views use that @kitajs/html's element types leave out.
declare namespace JSX {
  interface HtmlImageTag {
    /** With srcset: how wide the image shows, so the browser picks the right file. */
    sizes?: undefined | string;
  }
}
