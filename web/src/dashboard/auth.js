// The token form, shown when the API answers 401.
import { h } from '../common/dom.js';
import { setToken } from './api.js';
import { t } from './texts.js';

let form = null;

export function showTokenForm(app, { rejected, onToken }) {
  if (form) {
    if (rejected) form.querySelector('.token-msg').textContent = t('The token was not accepted. Try again.');
    return;
  }
  const input = h('input', { id: 'token-input', type: 'password', name: 'token', autocomplete: 'off', required: true, spellcheck: 'false' });
  form = h(
    'form',
    { id: 'token-form', class: 'token-form', 'aria-labelledby': 'token-title' },
    h('h2', { id: 'token-title' }, t('Access token required')),
    h('p', { class: 'token-msg', role: 'status' }, rejected ? t('The token was not accepted. Try again.') : t('This winnow server needs an access token. It is kept for this browser tab only.')),
    h('label', { for: 'token-input' }, t('Token')),
    h('div', { class: 'token-row' }, input, h('button', { type: 'submit', class: 'btn primary' }, t('Sign in'))),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = input.value.trim();
    if (!value) return;
    setToken(value);
    form.remove();
    form = null;
    onToken();
  });
  app.prepend(form);
  input.focus();
}
