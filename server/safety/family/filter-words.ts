/**
 * What a supervised member is told when the filter stops something, in plain, kind words (the
 * web app shows its own translations of these, by category: web/src/locales/<lang>/filter.json).
 */
import type { FlagCategory } from '#common/family';

/** Where to get help, said whenever a message sounds like self-harm. */
export const HELP_TEXT =
  "You're not alone. Please talk to a grown-up you trust, or call a helpline — in Germany 116 111 " +
  '(Nummer gegen Kummer) or 0800 111 0 111; in the UK Childline 0800 1111; in the US call or text 988.';

/** Saved and shown in place of a reply the filter stopped. */
export const BLOCKED_REPLY_TEXT = "The assistant started to write something that isn't suitable, so it was stopped.";

/** The same, when the reply was to a message that sounded like self-harm: with where to get help. */
export const BLOCKED_REPLY_SELF_HARM = `${BLOCKED_REPLY_TEXT} ${HELP_TEXT}`;

const INPUT_WORDS: Readonly<Record<FlagCategory, string>> = {
  profanity: "Your message wasn't sent: it has words that aren't allowed here. Try saying it another way.",
  sexual:
    "Your message wasn't sent: it's about something that isn't allowed here. If something worries you, talk to a grown-up you trust.",
  violence:
    "Your message wasn't sent: it talks about hurting someone. If you or someone else is in danger, tell a grown-up you trust right away.",
  contact_details:
    "Your message wasn't sent: it shares or asks for where someone lives, goes to school or how to reach them. Keeping that private keeps you safe.",
  self_harm: `It sounds like you might be going through something really hard, so your message wasn't sent to the assistant. ${HELP_TEXT}`,
  moderation: "Your message wasn't sent: the household's safety check stopped it. Try saying it another way.",
};

/** The kind explanation of a stopped message. */
export const blockedInputWords = (category: FlagCategory): string => INPUT_WORDS[category];
