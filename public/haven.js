// Haven's only script. Everything works without it; it adds the quick exit (Shift pressed three
// times, or the "Leave this site" link: cover the page at once, then replace this history entry),
// copy buttons (the receipt, a reported address), and report forms' send buttons disabled after
// the first tap.
(function () {
  'use strict';
  var leave = document.querySelector('[data-leave]');
  function exit(event) {
    if (!leave) return;
    if (event) event.preventDefault();
    document.documentElement.classList.add('leaving');
    document.title = '…';
    try { history.replaceState(null, '', '/'); } catch (e) { /* ignore */ }
    window.location.replace(leave.getAttribute('href'));
  }
  if (leave) leave.addEventListener('click', exit);

  var presses = [];
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Shift' || event.repeat) return;
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 2000; });
    presses.push(now);
    if (presses.length >= 3) exit();
  });
  document.addEventListener('keyup', function (event) {
    if (event.key !== 'Shift' && presses.length) presses = [];
  });

  // Copy buttons: the receipt's copies an element's text (data-copy: its id); a reported
  // address's copies the text it carries (data-copy-text), which differs from what is shown.
  Array.prototype.forEach.call(document.querySelectorAll('[data-copy],[data-copy-text]'), function (copy) {
    if (!navigator.clipboard) return;
    copy.hidden = false;
    copy.addEventListener('click', function () {
      var text = copy.getAttribute('data-copy-text');
      if (text === null) {
        var target = document.getElementById(copy.getAttribute('data-copy'));
        if (!target) return;
        text = target.textContent.trim();
      }
      var status = document.getElementById(copy.getAttribute('data-status') || 'copy-status');
      function say(message, failed) {
        if (!status) return;
        status.textContent = message;
        status.classList[failed ? 'add' : 'remove']('failed');
      }
      // Emptied first, so that a second copy is announced again (the status is aria-live).
      say('', false);
      navigator.clipboard.writeText(text).then(function () {
        say(copy.getAttribute('data-copied'), false);
      }).catch(function () {
        // Refused (no permission, page not focused): say so, rather than leave them pasting
        // whatever the clipboard held before.
        say(copy.getAttribute('data-copy-failed') || '', true);
      });
    });
  });

  // A classification's fields only some decisions ask for: shown (all, without the script) only
  // while one of those decisions is chosen in the same form. Hidden fields are still sent; the
  // server keeps only those the chosen decision asks for.
  Array.prototype.forEach.call(document.querySelectorAll('[data-only-for]'), function (group) {
    var form = group.closest ? group.closest('form') : null;
    var choice = form && form.querySelector('[data-decision]');
    if (!choice) return;
    var decisions = group.getAttribute('data-only-for').split(' ');
    function show() { group.hidden = decisions.indexOf(choice.value) < 0; }
    choice.addEventListener('change', show);
    show();
  });

  // A report form is sent once: from the first tap its send buttons are disabled (and say
  // "Sending…"), so a double tap sends one request (the server shows the same number to the same
  // form sent twice anyway). The fields are left alone, so everything typed is sent. A language
  // button is not a send. The buttons come back when the page is shown again (Back), or after a
  // while without an answer (a lost connection), to send again. Registered before any other
  // submit listener, so that the buttons are disabled even while another holds the send.
  // The language buttons too: one tapped while the report is on its way would leave for the form
  // again, and the answer with the number would never be shown.
  function sendButtons(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.type === 'submit';
    });
  }
  function release(form) {
    sendButtons(form).forEach(function (button) {
      button.disabled = false;
      if (button.hasAttribute('data-label')) {
        button.textContent = button.getAttribute('data-label');
        button.removeAttribute('data-label');
      }
    });
  }
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.hasAttribute('data-send-once')) return;
    if (event.submitter && event.submitter.name === 'switch-language') return;
    sendButtons(form).forEach(function (button) {
      if (button.disabled) return;
      button.disabled = true;
      var sending = button.getAttribute('data-sending');
      if (sending) {
        button.setAttribute('data-label', button.textContent);
        button.textContent = sending;
      }
    });
    clearTimeout(form.havenRelease);
    form.havenRelease = setTimeout(function () { release(form); }, 20000);
  }, true);
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) Array.prototype.forEach.call(document.querySelectorAll('form[data-send-once]'), release);
  });

  // Characters left, under each field with a limit (form.view.tsx), counted as the server counts
  // them: spaces at either end and the parts of a decomposed accent not at all. Nothing stops the
  // typing or cuts a paste: past the limit the count says by how much, and the server's "too long"
  // gives everything back to be shortened.
  // The count shows at once; screen readers hear it, politely, only once typing pauses near the
  // limit, and read the static limit with the field.
  var lang = document.documentElement.lang;
  function counted(text) { return text.replace(/\r\n?/g, '\n').normalize('NFC').trim().length; }
  Array.prototype.forEach.call(document.querySelectorAll('[data-limit-for]'), function (limit) {
    var control = document.getElementById(limit.getAttribute('data-limit-for'));
    var max = Number(limit.getAttribute('data-max'));
    if (!control || !max || !window.Intl || !Intl.PluralRules || !String.prototype.normalize) return;
    var plural = new Intl.PluralRules(lang);
    var number = new Intl.NumberFormat(lang);
    var count = document.createElement('span');
    count.className = 'count';
    count.setAttribute('aria-hidden', 'true');
    var spoken = document.createElement('span');
    spoken.className = 'visually-hidden';
    spoken.setAttribute('aria-live', 'polite');
    limit.classList.add('visually-hidden');
    limit.parentNode.insertBefore(spoken, limit.nextSibling);
    limit.parentNode.insertBefore(count, spoken);
    var timer;
    function left() { return max - counted(control.value); }
    function say(n) {
      var key = (n < 0 ? 'data-over' : 'data-left') + (plural.select(Math.abs(n)) === 'one' ? '-one' : '');
      return limit.getAttribute(key).replace('#', number.format(Math.abs(n)));
    }
    function update() {
      var n = left();
      count.textContent = say(n);
      count.classList.toggle('over', n < 0);
    }
    control.addEventListener('input', function () {
      update();
      clearTimeout(timer);
      timer = setTimeout(function () {
        var n = left();
        if (n <= max / 10) spoken.textContent = say(n);
      }, 1000);
    });
    update();
  });

  var summary = document.querySelector('[data-error-summary]');
  if (summary) {
    summary.focus();
    // A link of the summary goes to its field's control, as without the script, but shows the
    // whole field (label or legend, hint, message) below the leave bar, not the control alone.
    summary.addEventListener('click', function (event) {
      var link = event.target.closest ? event.target.closest('a[href^="#"]') : null;
      var control = link && document.getElementById(link.getAttribute('href').slice(1));
      var field = control && control.closest('.field');
      if (!field) return;
      event.preventDefault();
      field.scrollIntoView();
      control.focus({ preventScroll: true });
    });
  }
})();

// Proof of work (src/intake/proof-of-work.ts): a report form carries a challenge in altcha-lib's
// form; this solves it in the background with Web Crypto (PBKDF2 runs natively, not in this
// script) and puts the solution in the form's hidden "proof" field. Without the script, or if
// anything here fails, the field is sent empty and the report is still taken, under a lower limit.
(function () {
  'use strict';
  var field = document.querySelector('input[data-proof-challenge]');
  var subtle = window.crypto && window.crypto.subtle;
  if (!field || !field.form || !subtle || !window.Promise || !window.fetch || !window.performance) return;
  var form = field.form;
  var lifetime = Number(field.getAttribute('data-proof-lifetime')) * 1000 || 0;
  // When the challenge expires, by the wall clock: a phone asleep overnight stops performance.now().
  var expires = 0;
  var solving = null;

  function hex(buffer) {
    var bytes = new Uint8Array(buffer);
    var out = '';
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return out;
  }
  function unhex(text) {
    var bytes = new Uint8Array(text.length / 2);
    for (var i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.substr(i * 2, 2), 16);
    return bytes;
  }

  // Tries counters from 0 up, four at a time, until the derived key starts with the prefix.
  function solve(challenge) {
    var p = challenge.parameters;
    if (!/^PBKDF2\/SHA-(256|384|512)$/.test(p.algorithm)) return Promise.reject(new Error('unknown algorithm'));
    var nonce = unhex(p.nonce);
    var prefix = p.keyPrefix.toLowerCase();
    var params = { name: 'PBKDF2', salt: unhex(p.salt), iterations: p.cost, hash: p.algorithm.slice(7) };
    function derive(counter) {
      var password = new Uint8Array(nonce.length + 4);
      password.set(nonce);
      new DataView(password.buffer).setUint32(nonce.length, counter, false);
      return subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits']).then(function (key) {
        return subtle.deriveBits(params, key, (p.keyLength || 32) * 8);
      }).then(hex);
    }
    function from(start) {
      if (start > 1000000) throw new Error('not solved');
      var tries = [];
      for (var i = 0; i < 4; i++) tries.push(derive(start + i));
      return Promise.all(tries).then(function (keys) {
        for (var i = 0; i < keys.length; i++) {
          if (keys[i].indexOf(prefix) === 0) return { counter: start + i, derivedKey: keys[i] };
        }
        return from(start + keys.length);
      });
    }
    return from(0).then(function (solution) {
      return btoa(JSON.stringify({ challenge: challenge, solution: solution }));
    });
  }

  function begin(challenge) {
    var at = challenge.parameters && Number(challenge.parameters.expiresAt);
    expires = at ? at * 1000 : Date.now() + lifetime;
    field.value = '';
    solving = solve(challenge).then(
      function (payload) { field.value = payload; },
      function () { field.value = ''; }
    );
    return solving;
  }

  try {
    begin(JSON.parse(field.getAttribute('data-proof-challenge')));
  } catch (e) {
    return;
  }

  // Sending waits for the solution if it is not ready yet, and a page open longer than its
  // challenge's life first asks for a new one; never for more than a few seconds: then the
  // report goes as it is. Taps while it waits are swallowed, so the report goes once.
  var holding = false;
  var released = false;
  document.addEventListener('submit', function (event) {
    if (event.target !== form || released) return;
    // A language button only shows the form again (src/web/language-switch.view.tsx): no proof needed.
    if (!holding && event.submitter && event.submitter.name === 'switch-language') return;
    var stale = Date.now() > expires - 120000;
    if (!holding && field.value && !stale) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (holding) return;
    holding = true;
    var submitter = event.submitter;
    var ready = stale
      ? fetch('/api/v1/challenge', { credentials: 'omit', cache: 'no-store' }).then(function (answer) {
          if (!answer.ok) throw new Error('no challenge');
          return answer.json();
        }).then(begin)
      : solving;
    function send() {
      released = true;
      if (!form.requestSubmit) return form.submit();
      form.requestSubmit(submitter && submitter.form === form && !submitter.disabled ? submitter : undefined);
    }
    Promise.race([ready, new Promise(function (resolve) { setTimeout(resolve, 5000); })]).then(send, send);
  }, true);
  // A page shown again from the browser's cache (Back) sends again: its spent solution is
  // replaced first, as on a page left open too long.
  window.addEventListener('pageshow', function (event) {
    if (!event.persisted) return;
    released = false;
    holding = false;
    expires = 0;
  });
})();
