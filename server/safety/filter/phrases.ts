/**
 * The phrase lists of the local content filter, by category, in English and German, written in
 * obscenity's pattern syntax: `|` marks a word boundary, `[x]` an optional part. The matcher's
 * transformers (look-alike letters, leetspeak, repeated letters) apply to these as they do to
 * the library's own English word list, so `k1ll mys3lf` matches `|kill myself|`.
 *
 * Kept short on purpose: a household filter for children, not a content-moderation service; the
 * optional moderation model (a model on the family's own server) is the second line.
 */

/** What a hit is about; `profanity` covers swearing and slurs. */
export type FilterCategory = 'profanity' | 'self_harm' | 'sexual' | 'violence' | 'contact_details';

/** Phrases per category (profanity also gets obscenity's English data set). */
export const CATEGORY_PATTERNS: Readonly<Record<Exclude<FilterCategory, 'contact_details'>, readonly string[]>> = {
  profanity: [
    // German swearing and slurs (the library's set is English).
    'scheisse',
    '|scheiss',
    'arschloch',
    '|arsch|',
    'wichser',
    'hurensohn',
    '|fotze',
    '|schlampe',
    '|miststueck',
    '|verpiss dich',
    '|fick dich',
    '|ficken|',
    '|kacke|',
    // A letter starred out: "sh*t".
    '|sh?t|',
  ],
  self_harm: [
    '|kill myself',
    '|kill my[ ]self',
    '|killing myself',
    '|end my life',
    '|want to die|',
    '|wanna die|',
    '|suicide',
    '|suicidal',
    '|cut myself',
    '|cutting myself',
    '|hurt myself',
    '|self[ ]harm',
    '|no reason to live',
    '|better off dead',
    // German
    '|mich umbringen',
    '|selbstmord',
    '|suizid',
    '|nicht mehr leben',
    '|mich ritzen',
    '|will sterben',
  ],
  sexual: [
    '|porn',
    '|nude|',
    '|nudes|',
    '|naked pic',
    '|sexting',
    '|blowjob',
    '|have sex|',
    '|having sex|',
    '|sex with',
    '|sexy pic',
    '|send me a pic of you',
    // German
    '|nacktbild',
    '|nacktfoto',
    '|sex haben',
    '|porno',
  ],
  violence: [
    '|kill you|',
    '|kill him|',
    '|kill her|',
    '|kill them|',
    '|shoot up',
    '|make a bomb',
    '|build a bomb',
    '|stab you',
    '|stab him',
    '|beat you up',
    '|how to make a weapon',
    '|school shooting',
    // German
    '|bring dich um',
    '|dich umbringen',
    '|eine bombe bauen',
    '|abstechen',
  ],
};

/** Contact-detail phrases: a stranger asking where a child can be found (matched as patterns too). */
export const CONTACT_PATTERNS: readonly string[] = [
  '|what school do you go to',
  '|which school do you go to',
  '|where do you live',
  '|what is your address',
  '|whats your address',
  '|what is your phone number',
  '|whats your number',
  '|send me your address',
  '|meet me at',
  '|my address is',
  '|i live at',
  // German
  '|auf welche schule gehst du',
  '|wo wohnst du',
  '|wie ist deine adresse',
  '|deine handynummer',
  '|meine adresse ist',
  '|ich wohne in der',
];

/**
 * Words that contain a listed word but are harmless (the Scunthorpe problem): the matcher skips a
 * hit inside one of these. The library already knows many English ones; these are the ones its
 * set and the lists above still catch.
 */
export const DEFAULT_ALLOW_WORDS: readonly string[] = ['shiitake', 'suicide squad'];
