/**
 * Field errors as sentences a member reads ("The password must be at least 8 characters.")
 * instead of "password: must be …", which shows a field name from the code. Fields without a
 * plain name keep the `field: problem` form (a developer calling the API reads those).
 */

/** How a sentence names each field a person types into. */
const FIELD_WORDS: Record<string, string> = {
  password: 'The password',
  newPassword: 'The new password',
  currentPassword: 'Your current password',
  username: 'The username',
  displayName: 'The display name',
};

/** `problem` ("must be at least 8 characters") as a sentence about `field`, or null when it has no plain name. */
export function plainFieldSentence(field: string, problem: string): string | null {
  const words = FIELD_WORDS[field];
  if (words === undefined) return null;
  return `${words} ${problem.replace(/[.\s]+$/, '')}.`;
}

/** A field error's message: the plain sentence when the field has one, else `field: problem`. */
export function fieldMessage(field: string, problem: string): string {
  return plainFieldSentence(field, problem) ?? `${field}: ${problem}`;
}
