(function () {
  var table = document.getElementById('records');
  if (!table) return;
  var chunks = Array.prototype.slice.call(table.querySelectorAll('.chunk'));
  var bodies = chunks.map(function (chunk) { return chunk.querySelector('tbody'); });
  var rows = Array.prototype.slice.call(table.querySelectorAll('.chunk tbody tr'));
  var texts = null;
  var shown = document.getElementById('shown');
  var controls = document.createElement('div');
  controls.className = 'controls';
  var filter = document.createElement('input');
  filter.type = 'search';
  filter.id = 'filter';
  filter.placeholder = 'Filter the records';
  filter.setAttribute('aria-label', 'Filter the records');
  var riskyLabel = document.createElement('label');
  var risky = document.createElement('input');
  risky.type = 'checkbox';
  risky.id = 'risky';
  riskyLabel.appendChild(risky);
  riskyLabel.appendChild(document.createTextNode(' risky only'));
  var expand = document.createElement('button');
  expand.type = 'button';
  expand.id = 'expand';
  expand.textContent = 'Unfold all details';
  controls.appendChild(filter);
  controls.appendChild(riskyLabel);
  controls.appendChild(expand);
  table.parentNode.insertBefore(controls, table);

  function apply() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length && !texts) texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var count = 0;
    for (var i = 0; i < rows.length; i++) {
      var hit = (!risky.checked || !rows[i].classList.contains('k6')) && words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      if (rows[i].hidden === hit) rows[i].hidden = !hit;
      if (hit) count++;
    }
    shown.textContent = count + ' of ' + rows.length + ' records shown';
    sizeChunks();
  }

  // A block out of view is not laid out, so it is given the height its shown rows will take, and none when it has none.
  function sizeChunks() {
    bodies.forEach(function (body, i) {
      var visible = 0;
      for (var j = 0; j < body.rows.length; j++) if (!body.rows[j].hidden) visible++;
      chunks[i].hidden = visible === 0;
      chunks[i].style.containIntrinsicSize = 'auto ' + visible * 23 + 'px';
    });
  }

  var headers = table.querySelector('.head').tHead.rows[0].cells;
  Array.prototype.forEach.call(headers, function (header, column) {
    if (header.hasAttribute('data-nosort')) return;
    header.tabIndex = 0;
    function sort() {
      var ascending = header.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(headers, function (h) { h.removeAttribute('aria-sort'); });
      header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      var order = rows.map(function (row, i) { return { row: row, key: row.cells[column].textContent, i: i }; });
      order.sort(function (a, b) {
        var c = a.key.localeCompare(b.key, undefined, { numeric: true, sensitivity: 'base' });
        return (ascending ? c : -c) || a.i - b.i;
      });
      // Each block keeps its number of rows; the sorted rows fill the blocks in order.
      var sizes = bodies.map(function (body) { return body.rows.length; });
      var next = 0;
      bodies.forEach(function (body, i) {
        var fragment = document.createDocumentFragment();
        for (var j = 0; j < sizes[i]; j++) fragment.appendChild(order[next++].row);
        body.appendChild(fragment);
      });
      sizeChunks();
    }
    header.addEventListener('click', sort);
    header.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
  });

  var match = /(?:^#|&)filter=([^&]*)/.exec(location.hash);
  if (match) filter.value = decodeURIComponent(match[1].replace(/\+/g, ' '));
  risky.checked = /(?:^#|&)risky(?:&|$)/.test(location.hash);
  table.addEventListener('click', function (e) {
    if (e.target.tagName !== 'TD') return;
    e.target.parentNode.classList.toggle('open');
  });
  expand.addEventListener('click', function () {
    var open = expand.textContent.indexOf('Unfold') === 0;
    rows.forEach(function (row) { row.classList.toggle('open', open); });
    expand.textContent = open ? 'Fold all details' : 'Unfold all details';
  });
  filter.addEventListener('input', apply);
  risky.addEventListener('change', apply);
  apply();
})();
