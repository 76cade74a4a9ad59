// Sightline web page: plain JavaScript against the HTTP API, no build step.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const drop = $('drop'), file = $('file'), results = $('results'), message = $('message');
  let again = () => {}; // repeats the last search, e.g. after the filter changed

  function headers() {
    const key = $('apikey').value.trim();
    return key ? { 'Authorization': 'Bearer ' + key } : {};
  }

  function params() {
    const p = new URLSearchParams();
    p.set('k', $('k').value || '12');
    p.set('qe', $('qe').checked ? 'true' : 'false');
    const filter = $('filter').value.trim();
    if (filter) p.append('filter', filter);
    return p;
  }

  function say(text, isError) {
    message.textContent = text;
    message.className = isError ? 'message error' : 'message';
  }

  async function answer(response) {
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.detail || ('HTTP ' + response.status));
    return body;
  }

  async function searchByFile(f) {
    if (!f) return;
    again = () => searchByFile(f);
    const q = $('query');
    q.src = URL.createObjectURL(f);
    q.hidden = false;
    say('searching…');
    const form = new FormData();
    form.append('image', f);
    try {
      show(await answer(await fetch('/v1/search?' + params(), { method: 'POST', body: form, headers: headers() })));
    } catch (e) {
      say(e.message, true);
    }
  }

  async function searchById(imageId) {
    again = () => searchById(imageId);
    say('searching from ' + imageId + '…');
    const q = $('query');
    q.hidden = false;
    thumbnail(q, '/v1/images/' + encodeURIComponent(imageId) + '/thumbnail');
    try {
      show(await answer(await fetch('/v1/images/' + encodeURIComponent(imageId) + '/similar?' + params(),
        { headers: headers() })));
    } catch (e) {
      say(e.message, true);
    }
  }

  // With an API key, <img src> cannot send it: fetch the thumbnail and show it from a blob.
  function thumbnail(img, url) {
    const h = headers();
    if (!h.Authorization) { img.src = url; return; }
    fetch(url, { headers: h }).then((r) => r.ok ? r.blob() : null)
      .then((b) => { if (b) img.src = URL.createObjectURL(b); });
  }

  function show(body) {
    results.replaceChildren();
    for (const r of body.results) {
      const li = document.createElement('li');
      li.dataset.imageId = r.imageId;
      li.title = 'search from ' + r.imageId;
      const img = document.createElement('img');
      img.alt = r.imageId;
      thumbnail(img, r.thumbnailUrl);
      const id = document.createElement('div');
      id.className = 'id';
      id.textContent = r.rank + '. ' + r.imageId;
      const score = document.createElement('div');
      score.className = 'score';
      // The match level and the raw similarity read the same for every query; the rank score does not.
      score.textContent = (r.match && r.match !== 'none' ? r.match + ' · ' : '')
        + (r.similarity != null ? 'similarity ' + r.similarity.toFixed(3) : 'score ' + r.score.toFixed(3));
      score.title = 'rank score ' + r.score.toFixed(4);
      if (r.match) { li.dataset.match = r.match; }
      const attrs = document.createElement('div');
      attrs.className = 'attrs';
      for (const [k, v] of Object.entries(r.attributes || {})) {
        const chip = document.createElement('button');
        chip.type = 'button';
        chip.className = 'chip';
        chip.textContent = k + ':' + v;
        chip.title = 'only ' + k + ':' + v;
        chip.addEventListener('click', (e) => { e.stopPropagation(); $('filter').value = k + ':' + v; again(); });
        attrs.append(chip);
      }
      li.append(img, id, score, attrs);
      li.addEventListener('click', () => searchById(r.imageId));
      results.append(li);
    }
    say(body.results.length + ' results in ' + body.timings.totalMs.toFixed(0) + ' ms (model ' + body.modelVersion + ')');
    results.dataset.done = String(Date.now());
  }

  async function pollStatus() {
    try {
      const s = await answer(await fetch('/v1/status', { headers: headers() }));
      const pending = Math.max(0, s.extractLag) + Math.max(0, s.indexLag);
      $('status').textContent = s.indexedImages + ' images indexed · ' + pending + ' pending · ' + s.deadLetters
        + ' rejected' + (s.ready ? '' : ' · catching up');
    } catch (e) {
      $('status').textContent = 'status unavailable: ' + e.message;
    }
  }

  file.addEventListener('change', () => searchByFile(file.files[0]));
  $('options').addEventListener('submit', (e) => { e.preventDefault(); again(); });
  $('filter').addEventListener('change', () => again());
  $('qe').addEventListener('change', () => again());
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    searchByFile(e.dataTransfer.files[0]);
  });
  pollStatus();
  setInterval(pollStatus, 2000);
})();
