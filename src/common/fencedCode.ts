// Fenced code blocks in markdown (``` or ~~~, closed by the same fence or by the end of the text).

const FENCED = /^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\1[^\S\n]*$|(?![\s\S]))/gm;

/** The markdown with its fenced code blocks taken out. */
export function withoutFencedCode(markdown: string): string {
  return markdown.replace(FENCED, '');
}
