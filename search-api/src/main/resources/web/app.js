// Sightline web page: plain JavaScript against the HTTP API, no build step.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const drop = $('drop'), file = $('file'), results = $('results'), message = $('message');
  let again = () => {}; // repeats the last search, e.g. after the filter changed
  let queryFrame = null; // the query's original size: the frame of the matches' query points

  function headers() {
    const key = $('apikey').value.trim();
    return key ? { 'Authorization': 'Bearer ' + key } : {};
  }

  function params() {
    const p = new URLSearchParams();
    p.set('k', $('k').value || '12');
    p.set('qe', $('qe').checked ? 'true' : 'false');
    p.set('explain', 'true'); // verified results then carry their matched points, drawn by 'why'
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
    // The browser applies EXIF orientation as the server's decoder does, so the natural size is the query's frame.
    queryFrame = () => ({ width: q.naturalWidth, height: q.naturalHeight });
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
    const meta = fetch('/v1/images/' + encodeURIComponent(imageId), { headers: headers() }).then(answer);
    queryFrame = () => meta;
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
      if (r.inliers != null) {
        li.dataset.inliers = String(r.inliers);
        score.textContent += ' · ' + r.inliers + ' inliers';
      }
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
      if (r.matches && r.matches.length) {
        const why = document.createElement('button');
        why.type = 'button';
        why.className = 'explain';
        why.textContent = 'why?';
        why.title = 'show the ' + r.matches.length + ' matched points';
        why.addEventListener('click', (e) => { e.stopPropagation(); explain(r); });
        li.append(why);
      }
      li.addEventListener('click', () => searchById(r.imageId));
      results.append(li);
    }
    say(body.results.length + ' results in ' + body.timings.totalMs.toFixed(0) + ' ms (model ' + body.modelVersion + ')');
    results.dataset.done = String(Date.now());
  }

  function loaded(src) {
    return new Promise((resolve, reject) => {
      const img = new Image();
      img.onload = () => resolve(img);
      img.onerror = reject;
      thumbnail(img, src);
    });
  }

  // The query and the result side by side at one height, each inlier joined; points are in the original images'
  // pixels, so each side is scaled from its original size (the result is drawn from its thumbnail).
  async function explain(r) {
    try {
      const q = $('query');
      const [frame, meta, result] = await Promise.all([
        Promise.resolve(queryFrame()),
        fetch('/v1/images/' + encodeURIComponent(r.imageId), { headers: headers() }).then(answer),
        loaded(r.thumbnailUrl)]);
      const h = 360, gap = 12;
      const qw = Math.round(q.naturalWidth * h / q.naturalHeight), rw = Math.round(result.naturalWidth * h / result.naturalHeight);
      const canvas = $('why-canvas');
      canvas.width = qw + gap + rw;
      canvas.height = h;
      const g = canvas.getContext('2d');
      g.fillStyle = '#fff';
      g.fillRect(0, 0, canvas.width, h);
      g.drawImage(q, 0, 0, qw, h);
      g.drawImage(result, qw + gap, 0, rw, h);
      r.matches.forEach((m, i) => {
        g.strokeStyle = g.fillStyle = 'hsl(' + (i * 49) % 360 + ', 90%, 50%)';
        const x1 = (m.ax + 0.5) * qw / frame.width, y1 = (m.ay + 0.5) * h / frame.height;
        const x2 = qw + gap + (m.bx + 0.5) * rw / meta.width, y2 = (m.by + 0.5) * h / meta.height;
        g.beginPath(); g.moveTo(x1, y1); g.lineTo(x2, y2); g.stroke();
        g.fillRect(x1 - 3, y1 - 3, 6, 6); g.fillRect(x2 - 3, y2 - 3, 6, 6);
      });
      canvas.dataset.matches = String(r.matches.length);
      $('why-caption').textContent = r.imageId + ': ' + r.matches.length + ' matched points, similarity '
        + (r.similarity != null ? r.similarity.toFixed(3) : '-') + ' (' + r.match + ')';
      $('why').hidden = false;
    } catch (e) {
      say('cannot draw the matches: ' + e.message, true);
    }
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
  $('why-close').addEventListener('click', () => { $('why').hidden = true; });
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
