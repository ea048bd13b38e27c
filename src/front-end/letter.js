// The refusal-letter builder: a live preview that follows thank → decline →
// optional reason → warm close with suggestions; copy, open in the mail app,
// and a packet of named letters kept on this device.

import * as storage from './storage.js';
import * as share from './share.js';
import { sanitize } from './answers.js';
import { copyText, download } from './export.js';

/** `{recipient}`, `{sender}` and `{referral}` replaced by what the reader typed. */
function fill(template, answers) {
  return (template ?? '').replace(/\{(recipient|sender|referral)\}/g, (_, key) => answers[key] ?? '');
}

function field(answers, id) {
  const value = answers[id];
  return typeof value === 'string' ? value.trim() : '';
}

/** The letter the answers make, as plain text with blank lines between paragraphs. */
export function compose(def, answers) {
  const words = def.letter;
  const reasons = def.fields.find((f) => f.id === 'reasons');
  const chosen = Array.isArray(answers.reasons) ? answers.reasons : [];
  const parts = [];
  parts.push(field(answers, 'recipient') ? fill(words.greeting, answers) : words.greeting_without_name);
  if (field(answers, 'thanks')) parts.push(fill(field(answers, 'thanks'), answers));
  const because = (reasons?.options ?? []).filter((o) => chosen.includes(o.value)).map((o) => o.text);
  parts.push([fill(field(answers, 'decline'), answers), ...because].filter(Boolean).join(' '));
  const suggestions = Array.isArray(answers.suggestions) ? answers.suggestions : [];
  if (suggestions.length > 0) {
    parts.push([fill(words.suggestions_intro, answers), ...suggestions.map((s) => `- ${s}`)].join('\n'));
  }
  if (field(answers, 'referral') && words.referral) parts.push(fill(words.referral, answers));
  if (field(answers, 'close')) parts.push(fill(field(answers, 'close'), answers));
  const signature = [field(answers, 'sign-off'), field(answers, 'sender')].filter(Boolean).join('\n');
  if (signature) parts.push(signature);
  return parts.filter((p) => p.trim() !== '').join('\n\n');
}

/** The subject line: the reader's own, or the one from the guide. */
function subject(def, answers) {
  return field(answers, 'subject') || fill(def.letter.subject, answers);
}

/** A `mailto:` link with subject and body; line breaks as CRLF, as mail expects. */
export function mailto(subjectLine, body) {
  const encode = (text) => encodeURIComponent(text.replace(/\r?\n/g, '\r\n'));
  return `mailto:?subject=${encode(subjectLine)}&body=${encode(body)}`;
}

/** The saved letters, checked: each `{ name, saved, answers }`. */
function loadPacket(key) {
  const raw = storage.load(key);
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((l) => l && typeof l.name === 'string' && l.name.trim() !== '' && typeof l.answers === 'object')
    .slice(0, 200);
}

/** Starts the letter behaviour of a form controller. */
export function startLetter(ctrl) {
  const { form, def } = ctrl;
  const section = document.querySelector(`[data-rajat-letter="${CSS.escape(form.id)}"]`);
  if (!section || !def.letter) return;
  const preview = section.querySelector('.rajat-letter-text');
  const mail = section.querySelector('[data-rajat-action="mailto"]');
  const packetBox = section.querySelector('.rajat-packet');
  const list = section.querySelector('.rajat-packet-list');
  const empty = section.querySelector('.rajat-packet-empty');
  const nameInput = section.querySelector('#rajat-letter-name');
  const packetKey = `${def.storage}/packet`;
  let packet = loadPacket(packetKey);
  for (const hidden of section.querySelectorAll('.rajat-actions, .rajat-packet')) hidden.hidden = false;

  ctrl.onChange((answers) => {
    const letter = compose(def, answers);
    preview.textContent = letter;
    mail.href = mailto(subject(def, answers), letter);
  });

  const button = (text, label, onClick) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'rajat-button rajat-button--quiet';
    b.textContent = text;
    b.setAttribute('aria-label', label);
    b.addEventListener('click', onClick);
    return b;
  };
  const render = () => {
    list.replaceChildren(
      ...packet.map((letter) => {
        const item = document.createElement('li');
        const name = document.createElement('span');
        name.className = 'rajat-packet-name';
        name.textContent = letter.name;
        const buttons = document.createElement('span');
        buttons.className = 'rajat-packet-buttons';
        item.append(name, buttons);
        buttons.append(
          button('Open', `Open “${letter.name}”`, () => {
            ctrl.fill(sanitize(def, letter.answers).answers);
            ctrl.save();
            nameInput.value = letter.name;
            ctrl.say(`“${letter.name}” is open in the form above.`);
          }),
          button('Delete', `Delete “${letter.name}”`, () => {
            packet = packet.filter((l) => l !== letter);
            storage.save(packetKey, packet);
            render();
            ctrl.say(`“${letter.name}” is deleted from your packet.`);
          }),
        );
        return item;
      }),
    );
    empty.hidden = packet.length > 0;
    packetBox.querySelector('[data-rajat-action="download-packet"]').hidden = packet.length === 0;
  };

  const download_ = document.createElement('button');
  download_.type = 'button';
  download_.className = 'rajat-button rajat-button--quiet';
  download_.dataset.rajatAction = 'download-packet';
  download_.textContent = 'Download the packet';
  packetBox.append(download_);

  section.addEventListener('click', async (event) => {
    const action = event.target.closest('[data-rajat-action]')?.dataset.rajatAction;
    if (action === 'copy-letter') {
      const ok = await copyText(compose(def, ctrl.read()));
      ctrl.say(ok ? 'The letter is copied. Paste it into your reply.' : 'Your browser did not allow copying; select the letter and copy it yourself.');
    } else if (action === 'save-letter') {
      const answers = ctrl.read();
      const name = nameInput.value.trim() || field(answers, 'recipient') || `Letter ${packet.length + 1}`;
      packet = [...packet.filter((l) => l.name !== name), { name, saved: new Date().toISOString(), answers }];
      const ok = storage.save(packetKey, packet);
      nameInput.value = name;
      render();
      ctrl.say(ok ? `“${name}” is saved in your packet.` : 'This browser would not let the packet be saved.');
    } else if (action === 'download-packet') {
      const body = packet.map((l) => `## ${l.name}\n\n${compose(def, sanitize(def, l.answers).answers)}\n`).join('\n');
      download(`${def.id}-packet.md`, `# ${def.title}\n\n${body}`);
      ctrl.say(`Your packet is downloaded as ${def.id}-packet.md.`);
    }
  });
  render();
  preselectReasons(ctrl);
}

/** `#reasons=guarantee,wont-pay` (from the self-check) ticks those reasons. */
function preselectReasons(ctrl) {
  const params = share.fragment();
  if (!params || !params.has('reasons')) return;
  const options = ctrl.def.fields.find((f) => f.id === 'reasons')?.options ?? [];
  const wanted = params.get('reasons').split(',').slice(0, 50);
  const chosen = options.filter((o) => wanted.includes(o.value));
  // Runs after the saved answers were restored: keep the reader's names, replace the reasons.
  queueMicrotask(() => {
    share.forget();
    if (chosen.length === 0) return;
    ctrl.fill({ ...ctrl.read(), reasons: chosen.map((o) => o.value) });
    ctrl.save();
    const names = chosen.map((o) => o.label).join('; ');
    ctrl.announce(`From your self-check, ${chosen.length === 1 ? 'this reason is' : 'these reasons are'} ticked: ${names}. Read the letter below before you send it.`);
    // The reader came for the letter: show the form rather than the page's introduction.
    ctrl.form.scrollIntoView({ block: 'start' });
  });
}
