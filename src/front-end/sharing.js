// Sharing: the link with the reader's answers, their name and the date,
// always the link for the answers as they are now; "Send to …" when the
// guide names its owner; a link the owner makes for a client
// (`#for=Annukka`), and the greeting that client sees.

import * as storage from './storage.js';
import * as share from './share.js';
import { say } from './strings.js';
import { button, element, textInput } from './dom.js';
import { toText } from './answers.js';
import { copyText, mailto } from './export.js';

/** Where the sharer's name is remembered, for every form of the site. */
const NAME_KEY = 'rajat/v1:sharer-name';

/** Starts the sharing behaviour of a form controller; returns `{ open, close }`. */
export function startSharing(ctrl) {
  const { form, def } = ctrl;
  const params = share.fragment();
  const invited = params ? share.cleanName(params.get('for')) : null;
  const contact = def.contact && typeof def.contact.name === 'string' ? def.contact : null;

  const box = element('div', 'rajat-share');
  box.hidden = true;
  const name = textInput('rajat-share-name', say('shareName'), { help: say('shareNameHelp') });
  name.input.autocomplete = 'name';
  name.input.value = invited ?? share.cleanName(storage.load(NAME_KEY)) ?? '';
  const link = textInput('rajat-share-link', say('shareLink'), { readOnly: true });
  const tooLong = element('p', 'rajat-share-too-long', say('tooLongToShare'));
  tooLong.hidden = true;
  const buttons = element('div', 'rajat-share-buttons');
  const status = element('p', 'rajat-share-status');
  status.setAttribute('role', 'status');
  const copy = button(say('copyLink'), async () => {
    remember();
    const ok = await copyText(link.input.value);
    status.textContent = ok ? say('linkCopied') : say('linkNotCopied');
  });
  buttons.append(copy);
  let send = null;
  if (contact?.email) {
    send = element('a', 'rajat-button', say('sendTo', { name: contact.name }));
    send.href = 'mailto:';
    send.addEventListener('click', remember);
    buttons.append(send);
  }
  box.append(name.box, link.box, tooLong, buttons, element('p', 'rajat-note', say('shareNote')), status);
  const actions = form.querySelector('.rajat-actions');
  actions?.after(box);

  function remember() {
    const value = share.cleanName(name.input.value);
    if (value) storage.save(NAME_KEY, value);
  }

  /** The link and the mail for the answers as they are now. */
  function update() {
    if (box.hidden) return;
    const answers = ctrl.read();
    const sharer = share.cleanName(name.input.value);
    const code = share.encode({ form: def.id, lang: def.lang ?? null, name: sharer, date: share.today(), answers });
    const fits = code.length <= share.MAX_FRAGMENT;
    const url = `${ctrl.url}#answers=${code}`;
    link.input.value = fits ? url : '';
    link.box.hidden = !fits;
    tooLong.hidden = fits;
    copy.disabled = !fits;
    if (send) {
      send.hidden = !fits;
      const subject = sharer ? say('mailSubjectNamed', { title: def.title, name: sharer }) : say('mailSubject', { title: def.title });
      const text = toText(def, answers, ctrl.extras.map((e) => e())).trim();
      let body = say('mailBody', { to: contact.name, title: def.title, link: url, text });
      if (sharer) body += `\n${say('mailSignature', { name: sharer })}`;
      send.href = mailto(contact.email, subject, body);
    }
  }

  name.input.addEventListener('input', () => {
    remember();
    update();
  });
  ctrl.onChange(update);
  ctrl.onMode((mode) => {
    if (mode !== 'own') box.hidden = true;
    if (invite) invite.hidden = mode !== 'own';
  });

  const invite = def.kind === 'worksheet' && !invited ? inviteBox(ctrl, actions ? box : null) : null;
  if (invited) greet(ctrl, invited, contact);

  return {
    open() {
      box.hidden = false;
      update();
      status.textContent = '';
      name.input.focus();
    },
    close() {
      box.hidden = true;
    },
  };
}

/** The owner's tool: a link that greets a client by name and fills in that name for sharing. */
function inviteBox(ctrl, after) {
  const details = element('details', 'rajat-invite');
  const summary = element('summary', '', say('inviteSummary'));
  const name = textInput('rajat-invite-name', say('inviteName'));
  const link = textInput('rajat-invite-link', say('inviteLinkEmpty'), { readOnly: true });
  const label = link.box.querySelector('label');
  const status = element('p', 'rajat-share-status');
  status.setAttribute('role', 'status');
  const update = () => {
    const client = share.cleanName(name.input.value);
    link.input.value = client ? `${ctrl.url}#${new URLSearchParams({ for: client })}` : ctrl.url;
    label.textContent = client ? say('inviteLink', { name: client }) : say('inviteLinkEmpty');
  };
  name.input.addEventListener('input', update);
  const copy = button(say('copyLink'), async () => {
    const client = share.cleanName(name.input.value);
    const ok = await copyText(link.input.value);
    status.textContent = ok ? (client ? say('inviteCopied', { name: client }) : say('inviteCopiedNoName')) : say('linkNotCopied');
  });
  const buttons = element('div', 'rajat-share-buttons');
  buttons.append(copy);
  details.append(summary, element('p', 'rajat-note', say('inviteIntro')), name.box, link.box, buttons, status);
  update();
  (after ?? ctrl.form.querySelector('.rajat-actions') ?? ctrl.form.lastElementChild).after(details);
  return details;
}

/** The greeting a client sees at the top of a page opened with `#for=Name`. */
function greet(ctrl, name, contact) {
  const box = element('section', 'rajat-greeting');
  box.setAttribute('aria-labelledby', 'rajat-greeting-title');
  const title = element('h2', 'rajat-greeting-title', say('greeting', { name }));
  title.id = 'rajat-greeting-title';
  const from = contact ? say('greetingFrom', { owner: contact.name }) : say('greetingAnon');
  const how = contact?.email ? say('greetingHowMail', { owner: contact.name }) : say('greetingHow');
  box.append(title, element('p', '', `${from} ${how}`));
  ctrl.pageTop.append(box);
  ctrl.onMode((mode) => {
    box.hidden = mode !== 'own';
  });
}
