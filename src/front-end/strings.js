// Every word the forms' scripts show, in one place: a translation of the
// scripts is a copy of this object. `{name}` marks a value filled in when the
// string is used (see `say`). Dates are written by `formatDate`, in the
// language of the page (`<html lang>`).

export const words = {
  // How the page opened
  welcomeBack: 'Welcome back: your earlier answers are filled in.',
  welcomeBackChanged: 'Welcome back: your earlier answers are filled in. This form has changed since, so answers to questions that no longer exist were left out.',
  ownBack: 'You are back to your own answers.',

  // Links that cannot be read; nothing on the page changes
  linkTooLong: 'This link is too long to hold answers (more than 16 KB), so it was ignored. Nothing on this page has changed.',
  linkDamaged: 'The answers in this link could not be read, so they were ignored. It may have been cut short when it was copied. Nothing on this page has changed.',
  linkOtherForm: 'This link holds answers for a different form, so they were ignored. Nothing on this page has changed.',
  dismiss: 'Dismiss',

  // Received answers
  receivedKicker: 'Received answers',
  receivedFrom: 'Answers from {name}',
  receivedNoName: 'Answers shared by someone who gave no name',
  sharedOn: 'Shared {date}.',
  sharedUndated: 'The link does not say when they were shared.',
  keptOn: 'Kept on this device on {date}.',
  receivedExplain: 'These are not your answers. They are shown read-only, and your own answers on this device are kept apart, unchanged.',
  receivedCaption: 'Read-only: {whose}',
  receivedWhoseNamed: '{name}’s answers',
  receivedWhoseUnnamed: 'answers someone shared with you',
  receivedDropped: '{count} of the answers did not fit this form and are left out.',
  receivedDroppedOne: 'One of the answers did not fit this form and is left out.',
  print: 'Print',
  download: 'Download',
  keep: 'Keep on this device',
  backToOwn: 'Back to my own answers',
  makeOwn: 'Make these my own answers',
  downloaded: 'Downloaded as {file}.',
  kept: 'Kept on this device. You will find them under “Answers you received” at the end of this page.',
  alreadyKept: 'These answers are already kept on this device.',
  notKept: 'This browser would not let them be kept. Download them instead.',
  makeOwnQuestion: 'Replace your own answers to this worksheet on this device with these? You can undo it straight afterwards.',
  makeOwnYes: 'Replace my answers',
  cancel: 'Cancel',
  madeOwn: 'These answers are now your own, and you can change them. Your earlier answers are set aside until you leave this page.',
  undoMakeOwn: 'Undo: bring back my earlier answers',
  madeOwnUndone: 'Your earlier answers are back.',
  markdownByline: 'Answers from {name}, shared {date}.',
  markdownBylineNoName: 'Answers shared by someone who gave no name, on {date}.',
  markdownBylineUndated: 'Answers from {name}.',
  markdownBylineUnknown: 'Answers shared by someone who gave no name.',
  // Parts of the downloaded file's name, in place of a missing name or date (lowercase, dashes).
  fileUnnamed: 'unnamed',
  fileUndated: 'undated',

  // The list of kept answers
  keptTitle: 'Answers you received',
  keptIntro: 'Kept on this device only. Opening them never changes your own answers.',
  keptItemUnnamed: 'Someone who gave no name',
  keptItemShared: 'shared {date}',
  keptItemUndated: 'date not given',
  open: 'Open',
  openLabel: 'Open the answers from {who}, {when}',
  delete: 'Delete',
  deleteLabel: 'Delete the answers from {who}, {when}',
  deleteQuestion: 'Delete the answers from {who} from this device? This cannot be undone.',
  deleted: 'The answers from {who} are deleted from this device.',

  // Your own answers
  copied: 'Your answers are copied. Paste them wherever you keep notes.',
  notCopied: 'Your browser did not allow copying. Use “Download as Markdown” instead.',
  ownDownloaded: 'Your answers are downloaded as {file}.',
  cleared: 'Your answers are cleared from this page and this device.',
  undoClear: 'Undo clear',
  restored: 'Your answers are back.',
  addLineLabel: '{label}, line {n}',
  noAnswerText: '(no answer)',
  noAnswerMarkdown: '*No answer.*',
  markdownSource: 'From <{url}>, {date}.',

  // Sharing
  shareName: 'Your name (optional)',
  shareNameHelp: 'It goes into the link, so whoever opens it knows whose answers these are. This browser remembers it for next time.',
  shareLink: 'A link with your answers',
  shareNote: 'Anyone who has this link can read your answers. They travel in the part after the #, which browsers never send to a server. The link follows your answers as you change them.',
  copyLink: 'Copy the link',
  sendTo: 'Send to {name}',
  linkCopied: 'The link is copied. Paste it into an email or a message to the person you want to see your answers.',
  linkNotCopied: 'Your browser did not allow copying. Select the link and copy it yourself.',
  tooLongToShare: 'Your answers are too long to fit in a link (more than 16 KB). Download them as Markdown and send the file instead.',
  mailSubjectNamed: '{title}: answers from {name}',
  mailSubject: '{title}: my answers',
  mailBody: 'Hello {to},\n\nHere are my answers to “{title}”. Open this link to see them on the page:\n{link}\n\nThe same answers as text:\n\n{text}',
  mailSignature: '\n{name}',

  // A link for a client
  inviteSummary: 'Send this worksheet to a client',
  inviteIntro: 'Make a link that greets your client by name. When they share their answers, their name is already filled in, so you can tell whose answers you are reading. The link holds no answers of yours.',
  inviteName: 'Your client’s name',
  inviteLink: 'A link for {name}',
  inviteLinkEmpty: 'A link for your client',
  inviteCopied: 'The link for {name} is copied.',
  inviteCopiedNoName: 'The link is copied.',

  // Greeting for a client who opens `#for=`
  greeting: 'Hello, {name}.',
  greetingFrom: '{owner} has asked you to fill in this worksheet.',
  greetingAnon: 'You have been asked to fill in this worksheet.',
  greetingHow: 'Your answers stay in this browser while you work. When you are done, press “Share as a link” under the questions and send the link back: your name is already filled in.',
  greetingHowMail: 'Your answers stay in this browser while you work. When you are done, press “Share as a link” under the questions, then “Send to {owner}”: your name is already filled in.',

  // Self-check
  resultWaiting: 'Answer the questions above; your result appears here as you go.',
  score: 'Score: {score} · {answered} of {total} questions answered',
  answerLast: 'Answer the last question to see what your score means.',
  answerRemaining: 'Answer the remaining {count} questions to see what your score means.',
  appliesOne: 'The situation that applies:',
  appliesMany: 'The situations that apply:',
  prepareLetter: 'Prepare a refusal letter',
  notComplete: 'Not every question is answered yet',
  resultText: 'Result: {title} (score {score})',
  resultHeading: 'Result: {title}',
  resultScore: 'Score: {score}.',

  // Letter builder
  letterCopied: 'The letter is copied. Paste it into your reply.',
  letterNotCopied: 'Your browser did not allow copying; select the letter and copy it yourself.',
  letterSaved: '“{name}” is saved in your packet.',
  letterNotSaved: 'This browser would not let the packet be saved.',
  letterOpened: '“{name}” is open in the form above.',
  letterDeleted: '“{name}” is deleted from your packet.',
  letterDeleteQuestion: 'Delete “{name}” from your packet?',
  letterNumbered: 'Letter {n}',
  packetDownload: 'Download the packet',
  packetDownloaded: 'Your packet is downloaded as {file}.',
  replaceQuestion: 'Your packet already has a letter named “{name}”. Replace it with this one?',
  replaceYes: 'Replace “{name}”',
  unsavedOpenQuestion: 'The letter you are writing has changes that are not in your packet. Open “{name}” and lose them?',
  unsavedOpenYes: 'Open “{name}”',
  unsavedNewQuestion: 'The letter you are writing has changes that are not in your packet. Start a new letter and lose them?',
  unsavedNewYes: 'Start a new letter',
  unsavedReasonsQuestion: 'You came from the self-check, but the letter you were writing has changes that are not in your packet. Start a new letter with the self-check’s reasons, and lose those changes?',
  unsavedReasonsYes: 'Start the new letter',
  keepWriting: 'Keep writing',
  newLetter: 'A new letter is ready, with the standard sentences.',
  fromSelfCheckOne: 'A new letter, from your self-check: “{names}” is ticked. Read the letter below before you send it.',
  fromSelfCheckMany: 'A new letter, from your self-check: {names} are ticked. Read the letter below before you send it.',
  adviceNone: 'As the guide advises, the letter gives no reason: with someone who has not respected you, an explanation only gives them something to argue with. You can choose otherwise under “{field}”.',
  adviceOne: 'As the guide advises, the letter gives one short reason (“{reason}”), not all {count}: one reason is clear, a list of them invites debate. You can choose otherwise under “{field}”.',
  openOpen: 'Open “{name}”',
  deleteNamed: 'Delete “{name}”',
  quoted: '“{text}”',
  listSeparator: ', ',
  mailAddressUnusable: '“{address}” does not look like an email address, so the mail link leaves it out.',
};

/** The string `key` with its `{placeholders}` filled in from `values`. */
export function say(key, values = {}) {
  const text = words[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

/** The page's language, for dates and sorting. */
export function language() {
  return document.documentElement.lang || 'en';
}

/** `2026-12-01` as the page's language writes a date ("December 1, 2026"); `null` when not a date. */
export function formatDate(isoDate) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate ?? '');
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  try {
    return new Intl.DateTimeFormat(language(), { dateStyle: 'long', timeZone: 'UTC' }).format(date);
  } catch {
    return isoDate.slice(0, 10);
  }
}
