/**
 * highlight.js's core, without a grammar: its own chunk, fetched the first time a reply has a
 * code block in a language we highlight (engines.ts). Each grammar is a chunk of its own
 * (code-languages.ts), registered when it arrives.
 */
import hljs from 'highlight.js/lib/core';

export default hljs;
