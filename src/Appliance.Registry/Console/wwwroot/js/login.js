import { api } from './api.js';
import { field, h } from './dom.js';

export async function renderLogin(main, context) {
  const user = h('input', { id: 'login-user', name: 'user', autocomplete: 'username', required: true });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const message = h('p', { id: 'login-error', class: 'error', role: 'alert' });
  const form = h('form', { class: 'login', onsubmit: async (event) => {
    event.preventDefault();
    message.textContent = '';
    try {
      await api('GET', '/session').catch(() => {}); // sets the CSRF cookie the login must repeat
      await api('POST', '/session', { user: user.value, password: password.value });
      await context.refreshSession();
      context.navigate('/');
    } catch (error) {
      message.textContent = error.message;
      password.value = '';
    }
  } }, h('h1', {}, 'Log in'), field('User', user), field('Password', password),
  h('button', { class: 'primary', type: 'submit', id: 'login-submit' }, 'Log in'), message);
  await api('GET', '/session').catch(() => {});
  main.replaceChildren(form);
  user.focus();
}
