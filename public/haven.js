// Haven's only script. Everything works without it; it adds the quick exit (Shift pressed three
// times, or the "Leave this site" link: cover the page at once, then replace this history entry)
// and a copy button for the receipt.
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

  var copy = document.querySelector('[data-copy]');
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener('click', function () {
      var target = document.getElementById(copy.getAttribute('data-copy'));
      if (!target) return;
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        var status = document.getElementById('copy-status');
        if (status) status.textContent = copy.getAttribute('data-copied');
      });
    });
  }

  var summary = document.querySelector('[data-error-summary]');
  if (summary) summary.focus();
})();
