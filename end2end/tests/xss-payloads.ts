// Known cross-site scripting forms for xss.spec.ts (issue 13).
//
// Each payload is one line with no leading or trailing space (the console trims what it stores),
// and its active part, should it ever become markup and run, leaves a trace the spec looks for:
//   - `window.__xss` gets a value (checked after every page load),
//   - `alert(…)` opens a dialog (any dialog fails the spec),
//   - the injected element carries a `data-xss` attribute (no element may have one),
// and the Content-Security-Policy reports what it refused (the page-error fixture fails on it).
// Entity and look-alike forms (`&lt;script&gt;`, full-width brackets, percent-encoding) must
// come back exactly as typed: neither decoded nor escaped twice.

export type Payload = { id: string; text: string; what: string };

export const PAYLOADS: Payload[] = [
  { id: 'textarea', text: '</textarea><img src=x data-xss onerror=window.__xss=1>', what: 'textarea breakout' },
  { id: 'title', text: '</title><script data-xss>window.__xss=2</script>', what: 'title breakout' },
  { id: 'style', text: '</style><img src=x data-xss onerror=alert(3)>', what: 'style breakout' },
  { id: 'script', text: '</script><script data-xss>window.__xss=4</script>', what: 'script breakout (hydration data)' },
  { id: 'dq-attr', text: '"><svg data-xss onload=window.__xss=5>', what: 'double-quoted attribute breakout' },
  { id: 'sq-attr', text: "'><img src=x data-xss onerror=alert(6)>", what: 'single-quoted attribute breakout' },
  { id: 'js-url', text: 'javascript:window.__xss=7//', what: 'javascript: URL' },
  { id: 'srcdoc', text: '<iframe data-xss srcdoc="<script>parent.__xss=8</script>"></iframe>', what: 'iframe srcdoc' },
  { id: 'mxss', text: '<math><mtext><table><mglyph><style><img src=x data-xss onerror=window.__xss=9>', what: 'mutation XSS (MathML/style)' },
  { id: 'ontoggle', text: '<details data-xss open ontoggle=window.__xss=10>', what: 'details ontoggle' },
  { id: 'template', text: "{{constructor.constructor('window.__xss=11')()}}", what: 'template injection' },
  { id: 'tab-js', text: '<a data-xss href="jav&#x09;ascript:window.__xss=12">x</a>', what: 'javascript: URL with an encoded tab' },
  { id: 'comment', text: '<!--<img src="--><img src=x data-xss onerror=window.__xss=13>">', what: 'comment confusion' },
  { id: 'noscript', text: '<noscript><p title="</noscript><img src=x data-xss onerror=window.__xss=14>">', what: 'noscript mXSS' },
  { id: 'entities', text: '&lt;script&gt;window.__xss=15&lt;/script&gt;', what: 'entities (shown literally)' },
  { id: 'md-link', text: '[x](javascript:window.__xss=16)', what: 'Markdown javascript: link' },
  { id: 'base', text: '<base data-xss href=//evil.example/>', what: 'base href hijack' },
  { id: 'meta', text: '<meta data-xss http-equiv=refresh content="0;url=javascript:window.__xss=18">', what: 'meta refresh' },
  { id: 'form', text: '<form data-xss action=javascript:window.__xss=19><button>go</button></form>', what: 'form action' },
  { id: 'object', text: '<object data-xss data="javascript:window.__xss=20"></object>', what: 'object data' },
  { id: 'svg-script', text: '<svg><script data-xss>window.__xss=21</script></svg>', what: 'script inside SVG' },
  { id: 'entity-handler', text: '<img src=x data-xss onerror="&#119;indow.__xss=22">', what: 'entity-encoded handler' },
  { id: 'video', text: '<video data-xss><source onerror=window.__xss=23></video>', what: 'video source onerror' },
  { id: 'autofocus', text: '<input data-xss autofocus onfocus=window.__xss=24>', what: 'autofocus onfocus' },
  { id: 'template-literal', text: '${alert(25)}', what: 'template literal' },
  { id: 'data-url', text: '<a data-xss href="data:text/html,<script>alert(26)</script>">x</a>', what: 'data: URL' },
  { id: 'unclosed', text: '<img src=x data-xss onerror=alert(27)//', what: 'unclosed tag' },
  { id: 'body', text: '<body data-xss onload=window.__xss=28>', what: 'body onload' },
  { id: 'fullwidth', text: '＜script＞window.__xss=29＜/script＞', what: 'full-width brackets (shown literally)' },
  { id: 'percent', text: '%3Cscript%3Ewindow.__xss=30%3C/script%3E', what: 'percent-encoded (shown literally)' },
  { id: 'colon-entity', text: '<a data-xss href=javascript&colon;window.__xss=31>x</a>', what: 'javascript&colon; URL' },
  { id: 'img', text: '<img src=x data-xss onerror=window.__xss=32>', what: 'plain img onerror' },
  { id: 'svg-slash', text: '<svg/data-xss/onload=window.__xss=33>', what: 'svg without spaces' },
  { id: 'comment-end', text: '--><img src=x data-xss onerror=window.__xss=34>', what: 'comment end breakout' },
  { id: 'cdata', text: ']]><img src=x data-xss onerror=window.__xss=35>', what: 'CDATA end breakout' },
  { id: 'md-image', text: '![x](javascript:window.__xss=36)', what: 'Markdown javascript: image' },
];

export const TEXTS = PAYLOADS.map((p) => p.text);

/** The payload with this id. */
export function payload(id: string): string {
  const p = PAYLOADS.find((x) => x.id === id);
  if (!p) throw new Error(`no payload ${id}`);
  return p.text;
}

/**
 * Payloads from position `start` on (cyclically), joined by `sep`, as many as fit in `max`
 * characters (at most `count`); always at least one (a too long one is skipped).
 */
export function fit(max: number, start: number, count = Number.POSITIVE_INFINITY, sep = ' '): string {
  const out: string[] = [];
  let length = 0;
  for (let i = 0; i < TEXTS.length && out.length < count; i += 1) {
    const text = TEXTS[(start + i) % TEXTS.length];
    const extra = (out.length ? sep.length : 0) + [...text].length;
    if (length + extra > max) {
      if (out.length) break;
      continue;
    }
    out.push(text);
    length += extra;
  }
  return out.join(sep);
}

/** Every payload, one per line (for the multi-line fields that take them all). */
export function all(start = 0, sep = '\n'): string {
  return TEXTS.map((_, i) => TEXTS[(start + i) % TEXTS.length]).join(sep);
}

// Payloads for fields with a format: no spaces, one `@` (e-mail addresses, where the console
// lowercases), or a web address that parses (the active part sits in the query).

/** Accepted as e-mail addresses by the console (one `@`, a dotted domain, no spaces). */
export const EMAIL_PAYLOADS = [
  '"><svg/data-xss/onload=window.__xss=40>@xss.example',
  '<img/src=x/data-xss/onerror=alert(41)>@xss.example',
  '</textarea><svg/data-xss/onload=alert(42)>@xss.example',
];

/** Also valid for the browser's `type=email` check (no quotes or brackets). */
export const HTML_EMAIL_PAYLOADS = [
  "x'/onfocus='window.__xss=43'@xss.example",
  '&lt&gt{{constructor}}@xss.example', // legacy entities without ';' that a parser would decode
];

/** Web addresses with a payload in the query (they parse as URLs). */
export const URL_PAYLOADS = {
  docs: 'https://docs.xss.example/?q="><svg/data-xss/onload=window.__xss=45>',
  terms: "https://terms.xss.example/?q='><img/src=x/data-xss/onerror=alert(46)>",
  redirect: 'https://dash.xss.example/cb?x=</textarea><svg/data-xss/onload=alert(47)>',
  issuer: 'https://iam.xss.example/?x="><img/src=x/data-xss/onerror=window.__xss=48>',
};

/** Short, without spaces or commas (broker locations, tags, role and action names). */
export const WORD_PAYLOADS = [
  '<svg/data-xss/onload=window.__xss=49>',
  '"><img/src=x/data-xss/onerror=alert(50)>',
  '</title><svg/data-xss/onload=alert(51)>',
];
