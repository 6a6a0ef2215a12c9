/**
 * How the console names the fields the API's messages start with ("currentPassword is not
 * correct"). A field not listed here but written in camelCase is split into words.
 */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  currentPassword: 'your current password',
  newPassword: 'the new password',
  password: 'the password',
  code: 'the code',
  challenge: 'the sign-in step',
  email: 'the email address',
  username: 'the username',
  login: 'the username or email',
  displayName: 'the display name',
  name: 'the name',
  slug: 'the short name (slug)',
  description: 'the description',
  status: 'the status',
  roles: 'the roles',
  permissions: 'the permissions',
  organizationId: 'the organisation',
  refreshToken: 'the session',
  cursor: 'the page position',
  limit: 'the page size',
  offset: 'the page position',
  from: 'the start time',
  to: 'the end time',
  action: 'the action',
  actor: 'the actor',
  result: 'the result',
  q: 'the search text',
};

const capitalize = (text: string): string =>
  text.length === 0 ? text : text[0].toUpperCase() + text.slice(1);

const withStop = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);

const isCamelCase = (word: string): boolean => /^[a-z]+[A-Z][A-Za-z0-9]*$/.test(word);

/** The label of a field name, or null when the word is not one. */
function fieldLabel(word: string): string | null {
  if (Object.prototype.hasOwnProperty.call(FIELD_LABELS, word)) {
    return FIELD_LABELS[word];
  }
  if (isCamelCase(word)) {
    return `the ${word.replace(/([A-Z])/g, ' $1').toLowerCase()}`;
  }
  return null;
}

/**
 * One message of the API, as a sentence a person reads (no full stop is added: the console shows
 * a single message as the API phrased it, only readable).
 */
export function humanizeOne(message: string): string {
  const text = message.trim();

  const missing = /^Missing permission (\S+)$/i.exec(text);
  if (missing) {
    return `You don't have permission to do that (it needs ${missing[1]})`;
  }
  const unexpected = /^property (\S+) should not exist$/.exec(text);
  if (unexpected) {
    return `"${unexpected[1]}" is not something this form can send`;
  }

  // "field: the explanation" → "The explanation."
  const labelled = /^([A-Za-z][A-Za-z0-9]*): (.+)$/s.exec(text);
  if (labelled && fieldLabel(labelled[1]) !== null) {
    return capitalize(replaceInnerFields(labelled[2]));
  }

  // "field is not correct" → "Your current password is not correct."
  const leading = /^([A-Za-z][A-Za-z0-9]*) (.+)$/s.exec(text);
  if (leading) {
    const label = fieldLabel(leading[1]);
    if (label !== null) {
      return `${capitalize(label)} ${replaceInnerFields(leading[2])}`;
    }
  }
  return capitalize(replaceInnerFields(text));
}

/** camelCase field names inside a sentence ("must differ from currentPassword"). */
function replaceInnerFields(text: string): string {
  return text.replace(/\b[a-z]+[A-Z][A-Za-z0-9]*\b/g, (word) => fieldLabel(word) ?? word);
}

/**
 * The API's messages as readable sentences, or null when there are none. Several (one per
 * invalid field) become sentences each ending with a full stop.
 */
export function humanizeApiMessage(messages: readonly string[]): string | null {
  const sentences = messages.map(humanizeOne).filter((sentence) => sentence !== '');
  if (sentences.length <= 1) {
    return sentences[0] ?? null;
  }
  return sentences.map(withStop).join(' ');
}
