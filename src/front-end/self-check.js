// The client self-check: a live score, the result it falls in, the
// situations that apply (each linking to its page), and a link that opens
// the refusal-letter builder with those situations already chosen.

import { say } from './strings.js';
import { element } from './dom.js';

/** Everything the answers say: score, stop, situations that apply, questions left. */
export function assess(def, answers) {
  let score = 0;
  let stop = false;
  let answered = 0;
  let required = 0;
  let requiredAnswered = 0;
  const applies = [];
  for (const field of def.fields) {
    const options = field.options ?? [];
    const value = answers[field.id];
    const chosen = (Array.isArray(value) ? value : [value]).map((v) => options.find((o) => o.value === v)).filter(Boolean);
    const isAnswered = value !== undefined && !(Array.isArray(value) && value.length === 0);
    if (isAnswered) answered += 1;
    // A score means something once every required or scored single-choice question has its answer.
    const scored = field.kind === 'single-choice' && options.some((o) => o.points || o.stop);
    if (field.required || scored) {
      required += 1;
      if (isAnswered) requiredAnswered += 1;
    }
    let counts = false;
    for (const option of chosen) {
      score += option.points ?? 0;
      if (option.stop) stop = true;
      if ((option.points ?? 0) > 0 || option.stop) counts = true;
    }
    if (counts && field.situation) applies.push(field.situation);
  }
  const complete = requiredAnswered === required;
  const band = complete ? (def.results ?? []).findIndex((b) => score >= b.min && score <= b.max) : -1;
  return { score, stop, answered, remaining: required - requiredAnswered, applies, band };
}

/** A copy of a result's text as written on the page (Markdown rendered by the build). */
function bandText(form, key) {
  const source = form.querySelector(`[data-rajat-band="${key}"] .rajat-band-text`);
  const copy = element('div', 'rajat-band-text');
  if (source) copy.append(...Array.from(source.childNodes, (n) => n.cloneNode(true)));
  return copy;
}

function letterLink(def, applies) {
  const reasons = applies.map((s) => s.reason).filter(Boolean);
  const link = element('a', 'rajat-button rajat-letter-link', say('prepareLetter'));
  link.href = reasons.length > 0 ? `${def.letter_url}#reasons=${reasons.map(encodeURIComponent).join(',')}` : def.letter_url;
  return link;
}

/** Shows the assessment in the live region. */
function show(form, def, live, result) {
  const nodes = [];
  const total = def.fields.filter((f) => (f.options ?? []).length > 0).length;
  if (result.answered === 0) {
    nodes.push(element('p', 'rajat-result-waiting', say('resultWaiting')));
  } else {
    let title = '';
    if (result.stop) title = def.stop_title;
    else if (result.band >= 0) title = def.results[result.band].title;
    if (title) nodes.push(element('p', 'rajat-result-heading', title));
    nodes.push(element('p', 'rajat-score', say('score', { score: result.score, answered: result.answered, total })));
    if (result.stop) nodes.push(bandText(form, 'stop'));
    else if (result.band >= 0) nodes.push(bandText(form, String(result.band)));
    else if (result.remaining > 0) {
      const left = result.remaining === 1 ? say('answerLast') : say('answerRemaining', { count: result.remaining });
      nodes.push(element('p', 'rajat-result-waiting', left));
    }
    if (result.applies.length > 0) {
      nodes.push(element('p', 'rajat-applies-title', result.applies.length === 1 ? say('appliesOne') : say('appliesMany')));
      const list = element('ul', 'rajat-situations');
      for (const situation of result.applies) {
        const item = element('li');
        const link = element('a', '', situation.title);
        link.href = situation.url;
        item.append(link);
        list.append(item);
      }
      nodes.push(list);
      if (def.letter_url) nodes.push(letterLink(def, result.applies));
    }
  }
  live.replaceChildren(...nodes);
  for (const band of form.querySelectorAll('[data-rajat-band]')) {
    const key = band.dataset.rajatBand;
    const current = result.answered > 0 && (result.stop ? key === 'stop' : key === String(result.band));
    band.classList.toggle('rajat-band--current', current);
  }
}

/** Starts the self-check behaviour of a form controller. */
export function startSelfCheck(ctrl) {
  const { form, def } = ctrl;
  const live = form.querySelector('.rajat-result-live');
  if (!live) return;
  let last = null;
  ctrl.onChange((answers) => {
    const result = assess(def, answers);
    // An unchanged result is not announced again.
    const key = JSON.stringify(result);
    if (key === last) return;
    last = key;
    show(form, def, live, result);
  });
  ctrl.extras.push(() => {
    const result = assess(def, ctrl.read());
    const title = result.stop ? def.stop_title : (def.results[result.band]?.title ?? say('notComplete'));
    const situations = result.applies.map((s) => s.title);
    const text = [say('resultText', { title, score: result.score }), ...situations.map((s) => `- ${s}`)].join('\n');
    const markdown = [`## ${say('resultHeading', { title })}`, '', say('resultScore', { score: result.score }), '', ...situations.map((s) => `- ${s}`)].join('\n');
    return { text, markdown };
  });
}
