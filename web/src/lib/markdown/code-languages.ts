/**
 * The languages a code block can be highlighted in, each its own small chunk: a reply with a
 * Python block fetches highlight.js's core and its Python grammar, not seventeen grammars. The
 * loaders live outside the core chunk so a grammar and the core are fetched side by side.
 */
import type { LanguageFn } from 'highlight.js';

type GrammarModule = { default: LanguageFn };

/** Each language's grammar, by the name highlight.js registers it under. */
export const GRAMMARS: Record<string, () => Promise<GrammarModule>> = {
  bash: () => import('highlight.js/lib/languages/bash'),
  c: () => import('highlight.js/lib/languages/c'),
  cpp: () => import('highlight.js/lib/languages/cpp'),
  csharp: () => import('highlight.js/lib/languages/csharp'),
  css: () => import('highlight.js/lib/languages/css'),
  diff: () => import('highlight.js/lib/languages/diff'),
  go: () => import('highlight.js/lib/languages/go'),
  java: () => import('highlight.js/lib/languages/java'),
  javascript: () => import('highlight.js/lib/languages/javascript'),
  json: () => import('highlight.js/lib/languages/json'),
  markdown: () => import('highlight.js/lib/languages/markdown'),
  python: () => import('highlight.js/lib/languages/python'),
  rust: () => import('highlight.js/lib/languages/rust'),
  sql: () => import('highlight.js/lib/languages/sql'),
  typescript: () => import('highlight.js/lib/languages/typescript'),
  xml: () => import('highlight.js/lib/languages/xml'),
  yaml: () => import('highlight.js/lib/languages/yaml'),
};

/** The other names a fence gives these languages (```py, ```sh …), as highlight.js knows them. */
const ALIASES: Record<string, string> = {
  sh: 'bash',
  shell: 'bash',
  zsh: 'bash',
  console: 'bash',
  h: 'c',
  'c++': 'cpp',
  'h++': 'cpp',
  hh: 'cpp',
  hxx: 'cpp',
  cxx: 'cpp',
  'c#': 'csharp',
  jsonc: 'json',
  jsp: 'java',
  gyp: 'python',
  ipython: 'python',
  mts: 'typescript',
  cts: 'typescript',
  rss: 'xml',
  atom: 'xml',
  plist: 'xml',
  xsl: 'xml',
  mkd: 'markdown',
  cc: 'cpp',
  hpp: 'cpp',
  cs: 'csharp',
  patch: 'diff',
  golang: 'go',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  md: 'markdown',
  py: 'python',
  rs: 'rust',
  ts: 'typescript',
  tsx: 'typescript',
  html: 'xml',
  xhtml: 'xml',
  svg: 'xml',
  yml: 'yaml',
};

/** The registered name of a fence's language (lower case), or null when it is none of ours. */
export function grammarName(language: string): string | null {
  const lang = language.toLowerCase();
  if (Object.hasOwn(GRAMMARS, lang)) return lang;
  return Object.hasOwn(ALIASES, lang) ? ALIASES[lang]! : null;
}
