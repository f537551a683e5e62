/**
 * Word-wrap for generated comments at `width`, never starting a line with something a Markdown-minded reader (gofmt,
 * TSDoc) would take for a list item or a heading.
 */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const startsMarkup = /^([-*+#]|[0-9]+[.)])/.test(word);
    if (current !== '' && current.length + 1 + word.length > width && !startsMarkup) {
      lines.push(current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}
