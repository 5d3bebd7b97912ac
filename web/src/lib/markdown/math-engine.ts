/**
 * KaTeX and its stylesheet (with its fonts, served by Hearth itself). Its own chunk, the biggest
 * part of the markdown code: fetched the first time a reply has a formula (engines.ts).
 */
import katex from 'katex';
import 'katex/dist/katex.min.css';

export default katex;
