/**
 * The filter's test corpus (issue 13): messages a child might type or a model might answer, in
 * English and German, each with the category a careful parent would expect (null: must pass).
 * It holds obfuscations (leetspeak, spacing, look-alike letters, stretched letters), and the
 * Scunthorpe cases — harmless words that contain a listed one — which must pass. Written for
 * Hearth; the words are the common ones any filter list has.
 */
import type { FilterCategory } from './phrases';

export type CorpusEntry = { text: string; expect: FilterCategory | null; lang: 'en' | 'de' };

const en = (text: string, expect: FilterCategory | null): CorpusEntry => ({ text, expect, lang: 'en' });
const de = (text: string, expect: FilterCategory | null): CorpusEntry => ({ text, expect, lang: 'de' });

/** Harmless words with a listed word inside: each must pass on its own. */
export const SCUNTHORPE: readonly CorpusEntry[] = [
  en('We drove through Scunthorpe on the way to Grandma.', null),
  en('The assassin in my book was a cat.', null),
  en('That is a classic film.', null),
  en('Can you make a fruit cocktail recipe?', null),
  en('My therapist says I am doing well.', null),
  en('We need a detailed analysis of the poem.', null),
  en('Charles Dickens wrote Oliver Twist.', null),
  en('Arsenal won the match yesterday!', null),
  en('I want to improve my skills at chess.', null),
  en('Shiitake mushrooms in the soup, please.', null),
  en('We visited Sussex and Essex last summer.', null),
  en('The grapes are in the fridge.', null),
  en('My cat’s name is Titus.', null),
  en('I passed the class assessment.', null),
  en('The cocktail party starts at six.', null),
  en('He is a shellfish expert.', null),
  en('Pass the scissors please.', null),
  en('The bass guitar sounds great.', null),
  en('Hancock is a film about a superhero.', null),
  en('Sextant is a tool for sailors.', null),
  en('Middlesex is near London.', null),
  en('What does the word "hello" mean in Spanish?', null),
  en('Kill the lights when you leave the room.', null),
  en('This song is killing it!', null),
  en('How do I kill a process in Linux?', null),
  en('Suicide Squad is a movie my brother likes.', null),
  de('Die Schule fängt um acht an.', null),
  de('Ich habe ein Dokument zum Ausdrucken.', null),
  de('Wir essen heute Spaghetti.', null),
  de('Mein Hamster heißt Krümel.', null),
  de('Das Scheitern gehört zum Lernen.', null),
  de('Die Schlange im Zoo war lang.', null),
  de('Wir gehen in den Wald spazieren.', null),
  de('Das Wetter ist schön heute.', null),
];

/** Everyday messages: must pass. */
const CLEAN: readonly CorpusEntry[] = [
  en('Can you help me with my maths homework?', null),
  en('What is the capital of France?', null),
  en('Tell me a story about a dragon.', null),
  en('How many legs does a spider have?', null),
  en('Why is the sky blue?', null),
  en('Write a poem about autumn leaves.', null),
  en('What time is dinner?', null),
  en('Explain photosynthesis simply.', null),
  en('I love my dog so much.', null),
  en('Which planet is the biggest?', null),
  en('My favourite colour is green.', null),
  en('How do volcanoes work?', null),
  en('Can we play a word game?', null),
  en('What does a kidney do?', null),
  en('The score was 3 to 2.', null),
  en('I am 11 years old.', null),
  en('Page 42 of the book has the answer.', null),
  en('The year 2026 is almost over.', null),
  en('I feel sad because my friend moved away.', null),
  en('How do I draw a horse?', null),
  en('Which songs are on the Queen album?', null),
  en('What is 12345 times 3?', null),
  de('Kannst du mir bei den Hausaufgaben helfen?', null),
  de('Was ist die Hauptstadt von Spanien?', null),
  de('Erzähl mir eine Geschichte über einen Drachen.', null),
  de('Wie viele Beine hat eine Spinne?', null),
  de('Warum ist der Himmel blau?', null),
  de('Schreib ein Gedicht über den Herbst.', null),
  de('Ich bin traurig, weil mein Freund umgezogen ist.', null),
  de('Wie funktioniert ein Vulkan?', null),
];

/** Swearing and slurs, plain and disguised. */
const PROFANITY: readonly CorpusEntry[] = [
  en('fuck this homework', 'profanity'),
  en('you are a bitch', 'profanity'),
  en('this is shit', 'profanity'),
  en('what an asshole', 'profanity'),
  en('f u c k you', 'profanity'),
  en('b.i.t.c.h', 'profanity'),
  en('sh1t happens', 'profanity'),
  en('fuuuuuck', 'profanity'),
  en('ｆｕｃｋ', 'profanity'),
  en('you d1ck', 'profanity'),
  en('what a cunt', 'profanity'),
  en('motherfucker', 'profanity'),
  en('bullshit answer', 'profanity'),
  en('$hit', 'profanity'),
  en('a s s h o l e', 'profanity'),
  en('dumb bastard', 'profanity'),
  en('fck off', 'profanity'),
  en('piece of sh*t', 'profanity'),
  en('f*ck', 'profanity'),
  en('you whore', 'profanity'),
  de('Das ist Scheiße', 'profanity'),
  de('so eine scheisse', 'profanity'),
  de('du Arschloch', 'profanity'),
  de('du Wichser', 'profanity'),
  de('Hurensohn', 'profanity'),
  de('fick dich', 'profanity'),
  de('verpiss dich', 'profanity'),
  de('du Schlampe', 'profanity'),
  de('A r s c h l o c h', 'profanity'),
  de('Sch31sse', 'profanity'),
];

/** Signs that a child may hurt themselves. */
const SELF_HARM: readonly CorpusEntry[] = [
  en('I want to kill myself', 'self_harm'),
  en('i wanna die', 'self_harm'),
  en('I think about suicide a lot', 'self_harm'),
  en('I want to end my life', 'self_harm'),
  en('sometimes I cut myself', 'self_harm'),
  en('k1ll mys3lf', 'self_harm'),
  en('I want to hurt myself', 'self_harm'),
  en('there is no reason to live', 'self_harm'),
  en('everyone would be better off dead without me', 'self_harm'),
  en('I feel suicidal', 'self_harm'),
  en('kill my self', 'self_harm'),
  en('how to self harm', 'self_harm'),
  de('Ich will mich umbringen', 'self_harm'),
  de('Ich denke an Selbstmord', 'self_harm'),
  de('Ich will nicht mehr leben', 'self_harm'),
  de('ich will sterben', 'self_harm'),
  de('Ich ritze mich manchmal – ich will mich ritzen', 'self_harm'),
  de('Suizid', 'self_harm'),
];

/** Sexual content. */
const SEXUAL: readonly CorpusEntry[] = [
  en('show me porn', 'sexual'),
  en('send nudes', 'sexual'),
  en('do you want to have sex', 'sexual'),
  en('p0rn videos', 'sexual'),
  en('send me a pic of you without clothes', 'sexual'),
  en('sexting is fun', 'sexual'),
  en('a naked picture of her', 'sexual'),
  en('I saw a blowjob video', 'sexual'),
  de('Schick mir ein Nacktbild', 'sexual'),
  de('wollen wir Sex haben', 'sexual'),
  de('Porno gucken', 'sexual'),
  de('ein Nacktfoto von dir', 'sexual'),
];

/** Violence against others. */
const VIOLENCE: readonly CorpusEntry[] = [
  en('I will kill you', 'violence'),
  en('how to make a bomb', 'violence'),
  en('I am going to stab him', 'violence'),
  en('I will beat you up after school', 'violence'),
  en('plan a school shooting', 'violence'),
  en('k i l l you', 'violence'),
  en('I want to kill them all', 'violence'),
  en('how to build a bomb at home', 'violence'),
  de('Ich bring dich um', 'violence'),
  de('Wie kann man eine Bombe bauen', 'violence'),
  de('Ich werde ihn abstechen', 'violence'),
];

/** Someone asking where a child is, or a child giving it away. */
const CONTACT: readonly CorpusEntry[] = [
  en('what school do you go to?', 'contact_details'),
  en('Where do you live?', 'contact_details'),
  en('my number is 07700 900123', 'contact_details'),
  en('call me on +44 7700 900 123', 'contact_details'),
  en('email me at kid.name@example.com', 'contact_details'),
  en('what is your address', 'contact_details'),
  en('I live at 12 Oak Street', 'contact_details'),
  en('meet me at the park after school', 'contact_details'),
  en('whats your number', 'contact_details'),
  en('my phone: 555-123-4567', 'contact_details'),
  de('Auf welche Schule gehst du?', 'contact_details'),
  de('Wo wohnst du?', 'contact_details'),
  de('Meine Handynummer ist 0151 2345 6789', 'contact_details'),
  de('Wie ist deine Adresse?', 'contact_details'),
  de('Meine Adresse ist Hauptstraße 5', 'contact_details'),
];

/** The whole corpus. */
export const CORPUS: readonly CorpusEntry[] = [
  ...SCUNTHORPE,
  ...CLEAN,
  ...PROFANITY,
  ...SELF_HARM,
  ...SEXUAL,
  ...VIOLENCE,
  ...CONTACT,
];
