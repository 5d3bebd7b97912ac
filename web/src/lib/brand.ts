/** The product's name: the same in every language, so it is not in the word files. */
export const PRODUCT_NAME = 'Hearth';
