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

/** Words of field names written in capitals ("ipAddress" → "IP address"). */
const ACRONYMS: ReadonlySet<string> = new Set([
  'api',
  'cpu',
  'db',
  'dns',
  'http',
  'id',
  'ip',
  'os',
  'sla',
  'sms',
  'smtp',
  'ssh',
  'tls',
  'url',
  'uuid',
]);

const capitalize = (text: string): string =>
  text.length === 0 ? text : text[0].toUpperCase() + text.slice(1);

const withStop = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);

const isCamelCase = (word: string): boolean => /^[a-z]+[A-Z][A-Za-z0-9]*$/.test(word);

const hasLabel = (word: string): boolean =>
  Object.prototype.hasOwnProperty.call(FIELD_LABELS, word);

/** A camelCase name in words, acronyms in capitals ("auditLogId" → "audit log ID"). */
const inWords = (word: string): string =>
  word
    .replace(/([A-Z])/g, ' $1')
    .toLowerCase()
    .split(' ')
    .map((part) => (ACRONYMS.has(part) ? part.toUpperCase() : part))
    .join(' ');

/** The label of a field name, or null when the word is not one. */
function fieldLabel(word: string): string | null {
  if (hasLabel(word)) {
    return FIELD_LABELS[word];
  }
  if (isCamelCase(word)) {
    return `the ${inWords(word)}`;
  }
  return null;
}

/** One step of a field's path as a heading: "technicalLogs" → "Technical logs", "ip" → "IP". */
function stepLabel(word: string): string {
  const label = hasLabel(word) ? FIELD_LABELS[word].replace(/^(the|your) /, '') : inWords(word);
  return capitalize(label);
}

/**
 * A path of nested fields, as the API names them (`technicalLogs.ipAddress`,
 * `reproductionSteps.1.action`, `reproductionSteps[0].parameters`, `versions.*`): one field,
 * then at least one step.
 */
const FIELD_PATH = /^[A-Za-z][A-Za-z0-9]*(?:\.(?:[A-Za-z][A-Za-z0-9]*|\d+|\*)|\[\d+\])+$/;

/**
 * A path in words: "technicalLogs.ipAddress" → "Technical logs › IP address"; an item of a list
 * by its number from 1 ("reproductionSteps.1.action" → "Reproduction steps #2 › Action"); `*`
 * (any item) is left out.
 */
function pathLabel(path: string): string {
  const steps: string[] = [];
  for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (part === '*') continue;
    if (/^\d+$/.test(part) && steps.length > 0) {
      steps[steps.length - 1] += ` #${Number(part) + 1}`;
    } else {
      steps.push(stepLabel(part));
    }
  }
  return steps.join(' › ');
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

  // A nested field: "technicalLogs.ipAddress: an IP address" → "Technical logs › IP address: an
  // IP address"; "analysis.property rootCause should not exist" says where.
  const nestedUnexpected = /^(\S+)\.property (\S+) should not exist$/.exec(text);
  if (nestedUnexpected && FIELD_PATH.test(`${nestedUnexpected[1]}.x`)) {
    return `${pathLabel(nestedUnexpected[1])} › "${nestedUnexpected[2]}" is not something this form can send`;
  }
  const nested = /^(\S+?)(: | )(.+)$/s.exec(text);
  if (nested && FIELD_PATH.test(nested[1])) {
    return `${pathLabel(nested[1])}${nested[2] === ': ' ? ': ' : ' '}${replaceInnerFields(nested[3])}`;
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
