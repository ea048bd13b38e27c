// Sharing: the reader's answers, their name and the date, always as they
// are now. When the guide names its owner with a key (`contact: key:` in
// site.yaml), "Send to …" seals the answers in this browser so that only the
// owner can read them; a link anyone can read stays for sharing with others.
// A mail link is offered only when the whole of it fits the 2,000
// characters mail apps keep; longer answers go as a file to attach, which
// no mail app cuts. Also: a link the owner makes for a client
// (`#for=Annukka`), and the greeting that client sees.

import * as storage from './storage.js';
import * as share from './share.js';
import { canSeal, parsePublicKey } from './seal.js';
import { say } from './strings.js';
import { button, element, phrase, textInput } from './dom.js';
import { toText } from './answers.js';
import { copyText, download, mailto } from './export.js';

/** Where the sharer's name is remembered, for every form of the site. */
const NAME_KEY = 'rajat/v1:sharer-name';

/** Mail apps and the Windows mail handler cut `mailto:` addresses longer than this. */
export const MAX_MAILTO = 2000;

/**
 * The name of the file answers travel in when a link is too long for a mail:
 * the page's own name in its language (`ihanneasiakas-vastaukset-2026-12-01.txt`).
 */
function answersFileName(ctrl, date) {
  const parts = new URL(ctrl.url).pathname.split('/').filter((p) => p && p !== 'index.html');
  const page = share.slug(decodeURIComponent(parts.pop() ?? '')) || ctrl.def.id;
  return `${page}-${share.slug(say('fileAnswers')) || 'answers'}-${date}.txt`;
}

/** Starts the sharing behaviour of a form controller; returns `{ open, close }`. */
export function startSharing(ctrl) {
  const { form, def } = ctrl;
  const params = share.fragment();
  const invited = params ? share.cleanName(params.get('for')) : null;
  const contact = def.contact && typeof def.contact.name === 'string' ? def.contact : null;
  const owner = contact?.name ?? '';
  const sealing = Boolean(contact?.key && parsePublicKey(contact.key));
  // A page not served securely has no WebCrypto: nothing is sealed there, so nothing says it is.
  const sealsHere = sealing && canSeal();

  const box = element('div', 'rajat-share');
  box.hidden = true;
  const name = textInput('rajat-share-name', say('shareName'), { help: say(sealsHere ? 'shareNameHelpSealed' : 'shareNameHelp') });
  name.input.autocomplete = 'name';
  name.input.value = invited ?? share.cleanName(storage.load(NAME_KEY)) ?? '';
  const status = element('p', 'rajat-share-status');
  status.setAttribute('role', 'status');
  const tell = (message) => {
    status.textContent = message;
  };

  // The link anyone can read: the whole share box without a key, a part apart with one.
  const link = textInput('rajat-share-link', say('shareLink'), { readOnly: true });
  const tooLong = element('p', 'rajat-share-too-long', say('tooLongToShare'));
  tooLong.hidden = true;
  const copy = button(say('copyLink'), async () => {
    remember();
    const ok = await copyText(link.input.value);
    tell(ok ? say('linkCopied') : say('linkNotCopied'));
  });
  const plainButtons = element('div', 'rajat-share-buttons');
  plainButtons.append(copy);
  const plainNote = element('p', 'rajat-note', say('shareNote'));

  // "Send to …": a mail to the owner, sealed when there is a key.
  let send = null;
  if (contact?.email) {
    send = element('a', 'rajat-button', say('sendTo', { name: owner }));
    send.href = 'mailto:';
    send.addEventListener('click', (event) => onSend(event));
  }
  let copySealed = null;
  let saveSealed = null;
  // Sealed answers too long for a link (a page reads at most 16 KB from one) go as a file only.
  const sealedTooLong = phrase('p', 'rajat-share-too-long', 'sealedTooLongForLink', { owner });
  sealedTooLong.hidden = true;
  const sealedButtons = element('div', 'rajat-share-buttons');
  const parts = [name.box];
  if (sealing) {
    const usable = canSeal();
    parts.push(phrase('p', 'rajat-share-sealed-note', usable ? 'sealedShareIntro' : 'cannotSeal', { owner }));
    if (usable) {
      if (send) sealedButtons.append(send);
      copySealed = button(say('copySealed'), async () => {
        remember();
        const code = await current();
        if (code.sealed.length > share.MAX_FRAGMENT) {
          tell(say('sealedTooLongForLink', { owner }));
          return;
        }
        const ok = await copyText(`${ctrl.url}#answers=${code.sealed}`);
        tell(ok ? say('sealedLinkCopied', { owner }) : say('linkNotCopied'));
      }, { quiet: Boolean(send) });
      saveSealed = button(say('saveSealed'), async () => {
        remember();
        const code = await current();
        const file = answersFileName(ctrl, share.today());
        download(file, fileText(code.sealed, true), 'text/plain');
        tell(say('sealedFileSaved', { file, owner }));
      }, { quiet: true });
      sealedButtons.append(copySealed, saveSealed);
      parts.push(sealedTooLong, sealedButtons);
    }
    const others = element('details', 'rajat-share-plain');
    others.append(element('summary', '', say('plainLinkSummary')), plainNote, link.box, tooLong, plainButtons);
    parts.push(status, others);
  } else {
    if (send) plainButtons.append(send);
    parts.push(link.box, tooLong, plainButtons, plainNote, status);
  }
  box.append(...parts);
  const actions = form.querySelector('.rajat-actions');
  actions?.after(box);

  function remember() {
    const value = share.cleanName(name.input.value);
    if (value) storage.save(NAME_KEY, value);
  }

  /** What the answers travel as right now: `{ plain, sealed }` codes (sealed only with a key). */
  let latest = null;
  let pending = null;
  function current() {
    return pending ?? Promise.resolve(latest);
  }

  /** The file that carries a link no mail app may cut: a few words on what it is, and the link. */
  function fileText(code, sealed) {
    const words = { title: def.title, owner, url: ctrl.url, link: `${ctrl.url}#answers=${code}` };
    return `${say(sealed ? 'answersFileSealed' : 'answersFilePlain', words).replace(/\n/g, '\r\n')}\r\n`;
  }

  /** The mail to the owner for these codes, and whether all of it fits a mail link. */
  function mailFor(code, sharer) {
    // Sealed, the sharer's name travels inside the seal only: the subject and the body do not repeat it.
    const named = sharer && !sealing;
    const subject = named ? say('mailSubjectNamed', { title: def.title, name: sharer }) : say('mailSubject', { title: def.title });
    const signature = named ? `\n${say('mailSignature', { name: sharer })}` : '';
    const url = `${ctrl.url}#answers=${sealing ? code.sealed : code.plain}`;
    const bodies = sealing
      ? [say('mailBodySealed', { to: owner, title: def.title, link: url })]
      : [
          say('mailBody', { to: owner, title: def.title, link: url, text: toText(def, code.answers, ctrl.extras.map((e) => e())).trim() }),
          say('mailBodyLinkOnly', { to: owner, title: def.title, link: url }),
        ];
    for (const body of bodies) {
      const href = mailto(contact.email, subject, body + signature);
      if (href.length <= MAX_MAILTO) return { href, fits: true };
    }
    // The answers go in a file; the mail says to attach it, and is short.
    const file = answersFileName(ctrl, share.today());
    const body = say(sealing ? 'mailBodyFileSealed' : 'mailBodyFile', { to: owner, title: def.title, file, url: ctrl.url });
    return { href: mailto(contact.email, subject, body + signature), fits: false, file };
  }

  /** The link and the mail for the answers as they are now. */
  async function update() {
    if (box.hidden) return;
    const answers = ctrl.read();
    const sharer = share.cleanName(name.input.value);
    const what = { form: def.id, lang: def.lang ?? null, name: sharer, date: share.today(), answers };
    const work = (async () => {
      const code = { answers, plain: await share.encode(what), sealed: null };
      if (sealing && canSeal()) code.sealed = await share.encodeSealed(what, contact.key);
      return code;
    })();
    pending = work;
    const code = await work;
    // A later change started its own update: this one is out of date.
    if (pending !== work) return;
    pending = null;
    latest = code;
    const fits = code.plain.length <= share.MAX_FRAGMENT;
    link.input.value = fits ? `${ctrl.url}#answers=${code.plain}` : '';
    link.box.hidden = !fits;
    tooLong.hidden = fits;
    copy.disabled = !fits;
    if (copySealed) {
      const sealedFits = code.sealed.length <= share.MAX_FRAGMENT;
      copySealed.disabled = !sealedFits;
      sealedTooLong.hidden = sealedFits;
    }
    if (send && (code.sealed || !sealing)) {
      const mail = mailFor(code, sharer);
      send.href = mail.href;
      send.dataset.fits = mail.fits ? 'yes' : 'no';
      send.hidden = !sealing && !fits;
    }
  }

  /** "Send to …": the mail opens; answers too long for it are saved as a file to attach, and the reader is told. */
  async function onSend(event) {
    remember();
    if (pending) {
      // The mail must hold the answers as they are now, not as they were a keystroke ago.
      event.preventDefault();
      await update();
      window.location.href = send.href;
    }
    const code = await current();
    if (!code || send.dataset.fits !== 'no') return;
    const file = answersFileName(ctrl, share.today());
    download(file, fileText(sealing ? code.sealed : code.plain, sealing), 'text/plain');
    tell(say(sealing ? 'sealedTooLongForMail' : 'tooLongForMail', { file, owner }));
  }

  name.input.addEventListener('input', () => {
    remember();
    update();
  });
  ctrl.onChange(() => update());
  ctrl.onMode((mode) => {
    if (mode !== 'own') box.hidden = true;
    if (invite) invite.hidden = mode !== 'own';
  });

  const invite = def.kind === 'worksheet' && !invited ? inviteBox(ctrl, actions ? box : null) : null;
  if (invited) greet(ctrl, invited, contact, sealsHere);

  return {
    open() {
      box.hidden = false;
      update();
      tell('');
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
function greet(ctrl, name, contact, sealsHere) {
  const box = element('section', 'rajat-greeting');
  box.setAttribute('aria-labelledby', 'rajat-greeting-title');
  const title = phrase('h2', 'rajat-greeting-title', 'greeting', { name });
  title.id = 'rajat-greeting-title';
  const from = contact ? say('greetingFrom', { owner: contact.name }) : say('greetingAnon');
  const mail = contact?.email && (sealsHere || !contact.key);
  const how = mail ? say(sealsHere ? 'greetingHowSealed' : 'greetingHowMail', { owner: contact.name }) : say('greetingHow');
  box.append(title, element('p', '', `${from} ${how}`));
  ctrl.pageTop.append(box);
  ctrl.onMode((mode) => {
    box.hidden = mode !== 'own';
  });
}
