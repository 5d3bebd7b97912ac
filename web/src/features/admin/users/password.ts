/** A suggested initial password: four common words and a number, easy to read out loud. */
const WORDS = [
  'apple',
  'river',
  'candle',
  'garden',
  'maple',
  'otter',
  'pepper',
  'harbor',
  'meadow',
  'pebble',
  'lantern',
  'willow',
  'biscuit',
  'comet',
  'falcon',
  'ginger',
  'hazel',
  'island',
  'jigsaw',
  'kettle',
  'lemon',
  'marble',
  'nutmeg',
  'orchid',
  'parrot',
  'quilt',
  'rocket',
  'saddle',
  'tulip',
  'velvet',
  'walnut',
  'yonder',
  'zebra',
  'anchor',
  'bramble',
  'cactus',
  'dolphin',
  'ember',
  'fossil',
  'glacier',
  'honey',
  'igloo',
  'juniper',
  'koala',
  'lagoon',
  'mango',
  'nectar',
  'olive',
  'puffin',
  'raven',
  'sparrow',
  'thistle',
  'umber',
  'violet',
  'wander',
  'yarrow',
  'breeze',
  'cobble',
  'drift',
  'fable',
  'gravel',
  'hollow',
  'cider',
  'timber',
];

const pick = (n: number): number => {
  const buf = new Uint32Array(1);
  crypto.getRandomValues(buf);
  return buf[0]! % n;
};

/** e.g. "maple-otter-comet-lemon-42". */
export function suggestPassword(): string {
  const words = Array.from({ length: 4 }, () => WORDS[pick(WORDS.length)]!);
  return `${words.join('-')}-${10 + pick(90)}`;
}
