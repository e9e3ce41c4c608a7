// The AutoGrad graph explorer: plain JavaScript over the Graphviz SVG above and the JSON in
// #graph-data. It loads nothing and writes user text only through textContent, never as markup.
// Collapsing or expanding a scope lays the graph out again with Graphviz compiled to WebAssembly
// (viz.js, embedded in the page when the graph has scopes) and swaps the picture.
(function () {
  'use strict';

  const data = JSON.parse(document.getElementById('graph-data').textContent);
  const nodes = data.nodes; // topological order: nodes[i].step === i
  const count = nodes.length;
  const byId = new Map(nodes.map(function (n) { return [n.id, n]; }));
  const container = document.getElementById('graph');
  const firstPicture = container.querySelector('svg');

  function titleOf(g) {
    const title = g.querySelector('title');
    return title ? title.textContent : '';
  }

  // ---- Scopes: the clusters of the drawing with every scope open ---------------------------------
  const clusters = data.clusters;
  const clusterById = new Map(clusters.map(function (c) { return [c.id, c]; }));
  const childrenOf = new Map(clusters.map(function (c) { return [c.id, []]; }));
  clusters.forEach(function (c) { if (c.parent !== null) { childrenOf.get(c.parent).push(c); } });
  const nodeCluster = new Map(); // DOT node name of the open drawing -> its innermost cluster
  clusters.forEach(function (c) { c.nodes.forEach(function (name) { nodeCluster.set(name, c.id); }); });
  const clusterOfDrawn = new Map(); // cluster id or box id in the first picture -> cluster id
  clusters.forEach(function (c) {
    if (c.drawnId !== null) { clusterOfDrawn.set(c.drawnId, c.id); }
    if (c.drawnBox !== null) { clusterOfDrawn.set(c.drawnBox, c.id); }
  });

  function within(c, into) {
    into.push(c);
    childrenOf.get(c.id).forEach(function (child) { within(child, into); });
    return into;
  }

  // The scopes drawn as boxes when the page was made start collapsed; the user can open them.
  const collapsed = new Set(clusters.filter(function (c) { return c.drawnBox !== null; }).map(function (c) { return c.id; }));

  function hiddenByAncestor(c) {
    for (let p = c.parent; p !== null; p = clusterById.get(p).parent) {
      if (collapsed.has(p)) { return true; }
    }
    return false;
  }

  // The scopes drawn as one box each: collapsed, and not inside another collapsed scope.
  function boxedScopes() {
    return clusters.filter(function (c) { return collapsed.has(c.id) && !hiddenByAncestor(c); }).map(function (c) { return c.id; }).sort();
  }
  const firstKey = boxedScopes().join(' ');
  function boxName(clusterId) { return 'box_' + clusterId; }

  // ---- The picture shown now, and which of its elements shows each value ----------------------------
  // Graphviz names each SVG group by its DOT id in <title>: "v3" for a value, "v3_op" for its op oval,
  // a scope drawn as a box ("s0" in the first picture, "box_cluster_4" after a re-layout), "g0" for a
  // group of parameters. `by` says which node shows each value now, with the same ids: the drawing
  // and the data number the values one way.
  let svg = firstPicture;
  let shownKey = firstKey;
  let by = new Map(nodes.map(function (n) { return [n.id, n.shownBy]; }));
  let boxes = new Map(); // DOT name of a box in the picture -> { name, cluster (null for a group), members }
  let nodeGroups = new Map(); // DOT node name -> SVG group
  let clusterGroups = new Map(); // cluster id -> SVG group
  let edges = [];
  let edgesInto = new Map(); // value id -> the edges from its inputs (into its op oval, or its box when ops are folded)
  let gradTexts = new Map(); // value id -> its box's "grad …" text, so a gradient can stay hidden until reached
  let inputEdges = [];

  function ownNames(n) { const at = by.get(n.id); return at === n.id ? [n.id + '_op', n.id] : [at]; }

  // The elements that show n now: its box and op oval, or the box it is drawn in.
  function showing(n) {
    const found = [];
    ownNames(n).forEach(function (name) {
      const g = nodeGroups.get(name);
      if (g && found.indexOf(g) < 0) { found.push(g); }
    });
    return found;
  }

  // Reads a picture: its node and edge groups, what each shows, and the boxes' members.
  function bind(picture, first) {
    svg = picture;
    nodeGroups = new Map();
    svg.querySelectorAll('g.node').forEach(function (g) {
      nodeGroups.set(titleOf(g), g);
      g.classList.remove('current', 'done', 'pending', 'partial', 'selected', 'match');
    });
    boxes = new Map();
    if (first) {
      data.boxes.forEach(function (b) { boxes.set(b.id, { name: b.name, cluster: b.kind === 'scope' ? clusterOfDrawn.get(b.id) || null : null, members: [] }); });
    } else {
      boxedScopes().forEach(function (id) { boxes.set(boxName(id), { name: clusterById.get(id).name, cluster: id, members: [] }); });
    }
    nodes.forEach(function (n) {
      const at = by.get(n.id);
      if (at === n.id) {
        ownNames(n).forEach(function (name) { const g = nodeGroups.get(name); if (g) { g.dataset.value = n.id; } });
      } else if (boxes.has(at)) {
        boxes.get(at).members.push(n);
      }
    });
    boxes.forEach(function (b, name) {
      const g = nodeGroups.get(name);
      if (!g) { return; }
      g.dataset.box = name;
      if (b.cluster !== null) { g.dataset.cluster = b.cluster; g.classList.add('collapsed-box'); }
    });

    clusterGroups = new Map();
    svg.querySelectorAll('g.cluster').forEach(function (g) {
      const id = first ? clusterOfDrawn.get(titleOf(g)) : titleOf(g);
      if (id !== undefined && clusterById.has(id)) { clusterGroups.set(id, g); g.dataset.cluster = id; }
    });

    edges = [];
    edgesInto = new Map();
    svg.querySelectorAll('g.edge').forEach(function (g) {
      g.classList.remove('input-edge');
      const ends = titleOf(g).split('->');
      const edge = { group: g, from: ends[0], to: ends[1] };
      edges.push(edge);
      const id = edge.to.endsWith('_op') ? edge.to.slice(0, -3) : edge.to;
      if (edge.from !== id + '_op') {
        if (!edgesInto.has(id)) { edgesInto.set(id, []); }
        edgesInto.get(id).push(edge);
      }
    });
    inputEdges = [];

    gradTexts = new Map();
    nodes.forEach(function (n) {
      const g = by.get(n.id) === n.id ? nodeGroups.get(n.id) : null;
      if (!g) { return; }
      g.querySelectorAll('text').forEach(function (t) {
        if (t.textContent.startsWith('grad ')) { gradTexts.set(n.id, { element: t, text: t.textContent }); }
      });
    });
  }
  bind(firstPicture, true);

  // Who uses each value, and at which input: the edges its gradient comes back along.
  const consumers = new Map(nodes.map(function (n) { return [n.id, []]; }));
  nodes.forEach(function (n) {
    n.inputs.forEach(function (input, index) { consumers.get(input.id).push({ node: n, index: index }); });
  });


  // What the picture calls an op: the text of its oval, or the bold op cell of a folded box ("+ 1", "× 2").
  function drawnOp(n) {
    const oval = nodeGroups.get(n.id + '_op');
    if (oval) { return Array.from(oval.querySelectorAll('text')).map(function (t) { return t.textContent; }).join(' '); }
    return n.symbol;
  }

  // Numbers: JSON has no NaN or ±∞, so those arrive as strings.
  function exact(x) {
    if (typeof x === 'number') { return x; }
    return x === 'NaN' ? NaN : x === 'Infinity' ? Infinity : -Infinity;
  }

  function shown(x) {
    const v = exact(x);
    if (Number.isNaN(v)) { return 'NaN'; }
    if (!Number.isFinite(v)) { return v > 0 ? '∞' : '−∞'; }
    return String(Number(v.toPrecision(6))).replace('-', '−');
  }

  // A factor in a product: negative numbers in parentheses, as written by hand.
  function factor(x) {
    const text = shown(x);
    return text.startsWith('−') ? '(' + text + ')' : text;
  }

  function putNumber(element, x) {
    element.textContent = shown(x);
    element.title = String(exact(x));
    element.dataset.exact = String(exact(x));
    element.classList.toggle('nonfinite', !Number.isFinite(exact(x)));
  }

  function putUnknown(element, text) {
    element.textContent = text;
    element.title = '';
    delete element.dataset.exact;
    element.classList.remove('nonfinite');
    element.classList.add('unknown');
  }

  // A value's name as the picture shows it: its label; else its op as drawn, in brackets ("[× 2]"); else (a constant) its number.
  function nameOf(n) {
    if (n.label !== '') { return n.label; }
    if (n.inputs.length > 0) { return '[' + drawnOp(n) + ']'; }
    return 'constant ' + shown(n.data);
  }

  // The op applied to its operands as written by hand: "a × b", "tanh(a)", "(a)^2".
  function applied(n, operands) {
    const infix = ['+', '−', '×', '÷', '-', '*', '/'];
    if (operands.length === 2 && infix.indexOf(n.symbol) >= 0) { return operands[0] + ' ' + n.symbol + ' ' + operands[1]; }
    if (operands.length === 1 && n.symbol.startsWith('^')) { return '(' + operands[0] + ')' + n.symbol; }
    return n.symbol + '(' + operands.join(', ') + ')';
  }

  function make(tag, text) {
    const element = document.createElement(tag);
    if (text !== undefined) { element.textContent = text; }
    return element;
  }

  // Qualified names break only after a dot or a slash, never inside a word.
  function nameCell(tag, text) {
    const element = make(tag);
    text.split(/(?<=[./])/).forEach(function (part, i) {
      if (i > 0) { element.appendChild(document.createElement('wbr')); }
      element.appendChild(document.createTextNode(part));
    });
    return element;
  }

  function numberCell(x, known) {
    const cell = make('td');
    if (known) { putNumber(cell, x); } else { putUnknown(cell, '—'); }
    return cell;
  }

  // ---- Where the passes are ------------------------------------------------------------------
  // step −1: the finished computation; 0..N−1 the forward pass in topological order; N..2N−1 the backward pass in reverse.
  let step = -1;
  function backwardAt() { return step >= count ? count - 1 - (step - count) : null; }
  function gradKnown(n) {
    if (step < 0) { return true; }
    const at = backwardAt();
    return at !== null && n.step >= at;
  }


  // ---- Details panel -------------------------------------------------------------------------
  const details = {
    title: document.getElementById('details-title'),
    hint: document.getElementById('details-hint'),
    facts: document.getElementById('details-facts'),
    inputs: document.getElementById('details-inputs'),
    consumers: document.getElementById('details-consumers'),
  };
  let pinned = null;

  function fact(term, value, id) {
    details.facts.appendChild(make('dt', term));
    const dd = make('dd');
    if (typeof value === 'string') { dd.textContent = value; } else if (value.unknown) { putUnknown(dd, value.unknown); } else { putNumber(dd, value.number); }
    if (id) { dd.id = id; }
    details.facts.appendChild(dd);
    return dd;
  }

  function showDetails(n) {
    details.title.textContent = nameOf(n);
    details.title.dataset.node = n.id;
    delete details.title.dataset.box;
    details.hint.hidden = true;
    details.facts.replaceChildren();
    const known = gradKnown(n);
    fact('op', n.op === 'Leaf' ? 'leaf (input, parameter or constant)' : drawnOp(n) + '  (' + n.op + ')', 'details-op');
    fact('value', { number: n.data }, 'details-data');
    fact('gradient', known ? { number: n.grad } : { unknown: 'not yet: the backward pass has not reached it' }, 'details-grad');
    fact('forward step', (n.step + 1) + ' of ' + count);
    fact('backward step', (count - n.step) + ' of ' + count);
    fact('scope', n.scope.length > 0 ? n.scope.join(' / ') : '—');

    const inputRows = details.inputs.tBodies[0];
    inputRows.replaceChildren();
    n.inputs.forEach(function (input) {
      const row = make('tr');
      row.dataset.input = input.id;
      row.appendChild(nameCell('td', nameOf(byId.get(input.id))));
      const local = numberCell(input.local, true); local.className = 'local'; row.appendChild(local);
      const upstream = numberCell(n.grad, known); upstream.classList.add('upstream'); row.appendChild(upstream);
      const contribution = numberCell(input.contribution, known); contribution.classList.add('contribution'); row.appendChild(contribution);
      inputRows.appendChild(row);
    });
    details.inputs.hidden = n.inputs.length === 0;

    const consumerRows = details.consumers.tBodies[0];
    consumerRows.replaceChildren();
    consumers.get(n.id).forEach(function (use) {
      const row = make('tr');
      row.appendChild(nameCell('td', nameOf(use.node) + ' (input ' + (use.index + 1) + ')'));
      row.appendChild(numberCell(use.node.inputs[use.index].contribution, gradKnown(use.node)));
      consumerRows.appendChild(row);
    });
    if (n.id === data.root) {
      const row = make('tr');
      row.appendChild(make('td', 'the output itself: ∂out/∂out'));
      row.appendChild(numberCell(1, known));
      consumerRows.appendChild(row);
    }
    details.consumers.hidden = consumerRows.rows.length === 0;

    inputEdges.forEach(function (edge) { edge.group.classList.remove('input-edge'); });
    inputEdges = (edgesInto.get(n.id) || []);
    inputEdges.forEach(function (edge) { edge.group.classList.add('input-edge'); });
  }

  // A box stands for many values: say which scope, how many, and what leaves it.
  function showBoxDetails(name, members, expandable) {
    details.title.textContent = '▸ ' + name;
    details.title.dataset.box = name;
    delete details.title.dataset.node;
    details.hint.hidden = true;
    details.facts.replaceChildren();
    fact('holds', members.length + ' values', 'details-holds');
    const inside = new Set(members.map(function (n) { return n.id; }));
    const outputs = members.filter(function (n) {
      return n.id === data.root || consumers.get(n.id).some(function (use) { return !inside.has(use.node.id); });
    });
    outputs.slice(0, 8).forEach(function (n) {
      fact('out: ' + nameOf(n), gradKnown(n) ? shown(n.data) + ', grad ' + shown(n.grad) : shown(n.data) + ', grad not yet');
    });
    if (outputs.length > 8) { fact('', '… ' + (outputs.length - 8) + ' more values leave it'); }
    fact('', expandable ? 'Click the box (or its scope in the list) to expand it.' : 'Parameters that only collapsed scopes read, drawn as one node: expand a scope that reads them to see each one.');
    details.inputs.hidden = true;
    details.consumers.hidden = true;
  }

  function select(n) {
    if (pinned !== null) { showing(pinned).forEach(function (g) { g.classList.remove('selected'); }); }
    pinned = n;
    if (n !== null) {
      showing(n).forEach(function (g) { g.classList.add('selected'); });
      showDetails(n);
    }
  }

  // Hover and click reach the picture's groups through the container, so a new picture needs no new listeners.
  let hovered = null;
  function enter(g) {
    if (g.dataset.value) { showDetails(byId.get(g.dataset.value)); return; }
    const box = boxes.get(g.dataset.box);
    if (box) { showBoxDetails(box.name, box.members, box.cluster !== null); }
  }
  function leave(g) {
    if (pinned !== null && pinned.id !== g.dataset.value) { showDetails(pinned); }
  }
  container.addEventListener('mouseover', function (event) {
    const g = event.target.closest ? event.target.closest('g.node') : null;
    if (g === hovered) { return; }
    if (hovered !== null) { leave(hovered); }
    hovered = g;
    if (g !== null) { enter(g); }
  });
  container.addEventListener('mouseleave', function () { if (hovered !== null) { leave(hovered); hovered = null; } });
  container.addEventListener('click', function (event) {
    if (dragged || !event.target.closest) { return; }
    const g = event.target.closest('g.node');
    if (g !== null && g.dataset.value) {
      const n = byId.get(g.dataset.value);
      select(pinned === n ? null : n);
      if (pinned === null) { showDetails(n); }
    } else if (g !== null && g.dataset.cluster) {
      toggle(g.dataset.cluster);
    } else if (g === null && event.target.tagName === 'text') {
      const cluster = event.target.closest('g.cluster');
      if (cluster !== null && cluster.dataset.cluster) { toggle(cluster.dataset.cluster); }
    }
  });


  // ---- Stepping through the passes -----------------------------------------------------------
  const stepBack = document.getElementById('step-back');
  const stepNext = document.getElementById('step-next');
  const phase = document.getElementById('step-phase');
  const stepText = document.getElementById('step-text');
  const stepValue = document.getElementById('step-value');
  const intro = phase.textContent;

  // The pass's state of a value: done, current, or pending.
  function stateOf(n) {
    if (step < 0) { return ''; }
    const at = step < count ? step : backwardAt();
    if (n.step === at) { return 'current'; }
    if (step < count) { return n.step < at ? 'done' : 'pending'; }
    return n.step > at ? 'done' : 'pending';
  }

  // An element shows one value or a box of many: current if any is, done or pending if all are, else partly done.
  const elementClass = new Map();
  function elementsAndMembers() {
    const members = new Map();
    nodes.forEach(function (n) {
      const at = by.get(n.id);
      const names = at === n.id || boxes.has(at) ? ownNames(n) : [];
      names.forEach(function (name) {
        const g = nodeGroups.get(name);
        if (!g) { return; }
        if (!members.has(g)) { members.set(g, []); }
        const list = members.get(g);
        if (list[list.length - 1] !== n) { list.push(n); }
      });
    });
    return members;
  }
  let members = null;

  function paint() {
    if (members === null) { members = elementsAndMembers(); }
    members.forEach(function (list, g) {
      let className = '';
      if (step >= 0) {
        const states = new Set(list.map(stateOf));
        className = states.has('current') ? 'current' : states.size === 1 ? states.values().next().value : 'partial';
      }
      const before = elementClass.get(g) || '';
      if (before !== className) {
        if (before !== '') { g.classList.remove(before); }
        if (className !== '') { g.classList.add(className); }
        elementClass.set(g, className);
      }
    });
    gradTexts.forEach(function (t, id) {
      const text = gradKnown(byId.get(id)) ? t.text : 'grad ?';
      if (t.element.textContent !== text) { t.element.textContent = text; }
    });
    container.classList.toggle('forward', step >= 0 && step < count);
    container.classList.toggle('backward', step >= count);
  }

  function span(text, className) {
    const element = make('span', text);
    if (className) { element.className = className; }
    return element;
  }

  // The arithmetic of a backward step: each use's upstream gradient times its local derivative, named by its source.
  function backwardLine(n) {
    stepText.replaceChildren();
    if (n.id === data.root) {
      stepText.append('grad(' + nameOf(n) + ') = ∂out/∂out = ');
      return;
    }
    stepText.append('grad(' + nameOf(n) + ') = ');
    const uses = consumers.get(n.id);
    uses.slice(0, 6).forEach(function (use, i) {
      if (i > 0) { stepText.append(' + '); }
      const term = span(factor(use.node.grad) + ' × ' + factor(use.node.inputs[use.index].local), 'term');
      term.dataset.from = use.node.id;
      term.dataset.upstream = String(exact(use.node.grad));
      term.dataset.local = String(exact(use.node.inputs[use.index].local));
      term.title = 'grad(' + nameOf(use.node) + ') × ∂' + nameOf(use.node) + '/∂' + nameOf(n);
      stepText.append(term, span(' from ' + nameOf(use.node), 'source'));
    });
    if (uses.length > 6) { stepText.append(span(' + … (' + (uses.length - 6) + ' more uses)', 'more')); }
    stepText.append(' = ');
  }

  function forwardLine(n) {
    stepText.replaceChildren();
    if (n.inputs.length === 0) {
      stepText.append(nameOf(n) + ' is a leaf = ');
      return;
    }
    const names = n.inputs.map(function (i) { const m = byId.get(i.id); return m.label === '' && m.inputs.length === 0 ? shown(m.data) : nameOf(m); });
    const values = n.inputs.map(function (i) { return factor(byId.get(i.id).data); });
    stepText.append(nameOf(n) + ' = ' + applied(n, names) + ' = ' + applied(n, values) + ' = ');
  }

  let current = null;
  function renderStep() {
    stepBack.disabled = step < 0;
    stepNext.disabled = step >= 2 * count - 1;
    paint();
    if (step < 0) {
      phase.textContent = intro;
      stepText.replaceChildren();
      stepValue.textContent = '';
      delete stepValue.dataset.node;
      delete stepValue.dataset.phase;
      delete stepValue.dataset.exact;
      current = null;
      if (pinned !== null) { showDetails(pinned); }
      return;
    }

    let n;
    if (step < count) {
      n = nodes[step];
      phase.textContent = 'Forward ' + (step + 1) + '/' + count + ':';
      forwardLine(n);
      putNumber(stepValue, n.data);
      stepValue.dataset.phase = 'forward';
    } else {
      n = nodes[backwardAt()];
      phase.textContent = 'Backward ' + (count - n.step) + '/' + count + ':';
      backwardLine(n);
      putNumber(stepValue, n.grad);
      stepValue.dataset.phase = 'backward';
    }

    stepValue.dataset.node = n.id;
    current = n;
    showDetails(n);
    const element = showing(n).slice(-1)[0];
    if (element) { revealSoon(element); }
  }

  function go(to) {
    step = Math.max(-1, Math.min(2 * count - 1, to));
    renderStep();
  }

  stepNext.addEventListener('click', function () { go(step + 1); });
  stepBack.addEventListener('click', function () { go(step - 1); });
  document.getElementById('step-reset').addEventListener('click', function () { go(-1); });

  // ---- Search --------------------------------------------------------------------------------
  const search = document.getElementById('search');
  const searchCount = document.getElementById('search-count');
  let matches = [];
  let matchAt = -1;
  let matchedElements = [];

  function runSearch() {
    const query = search.value.trim().toLowerCase();
    matches = query === '' ? [] : nodes.filter(function (n) { return n.label.toLowerCase().includes(query); });
    matchAt = -1;
    matchedElements.forEach(function (g) { g.classList.remove('match'); });
    matchedElements = [];
    let inBoxes = 0;
    matches.forEach(function (n) {
      const elements = showing(n);
      if (elements.some(function (g) { return !g.dataset.value; })) { inBoxes++; }
      elements.forEach(function (g) { g.classList.add('match'); matchedElements.push(g); });
    });
    searchCount.textContent = query === '' ? ''
      : matches.length + (matches.length === 1 ? ' match' : ' matches') + (inBoxes > 0 ? ' (' + inBoxes + ' inside collapsed boxes; Enter opens them)' : '');
  }

  search.addEventListener('input', runSearch);
  search.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && matches.length > 0) {
      matchAt = (matchAt + 1) % matches.length;
      const n = matches[matchAt];
      openAround(n);
      select(n);
      const element = showing(n).slice(-1)[0];
      if (element) { revealSoon(element, 'center'); }
    } else if (event.key === 'Escape') {
      search.value = '';
      runSearch();
      search.blur();
    }
  });


  // ---- Scopes: collapse a cluster to one box, expand it again ---------------------------------
  // Expands every scope around a value, so the search can show it.
  function openAround(n) {
    let changed = false;
    const at = n.openBy === n.id ? n.id : n.openBy;
    for (let c = nodeCluster.get(at); c !== undefined && c !== null; c = clusterById.get(c).parent) {
      if (collapsed.delete(c)) { changed = true; }
    }
    if (changed) { applyScopes(); }
  }

  function toggle(id) {
    if (collapsed.has(id)) { collapsed.delete(id); } else { collapsed.add(id); }
    applyScopes();
  }

  const scopeButtons = new Map();
  function listScopes(list, children) {
    // In name order, numbers by value: layer 2 before layer 10, whatever order the graph met them in.
    children.slice().sort(function (a, b) { return a.name.localeCompare(b.name, 'en', { numeric: true }); }).forEach(function (c) {
      const item = make('li');
      const button = make('button');
      button.type = 'button';
      button.dataset.cluster = c.id;
      button.addEventListener('click', function () { toggle(c.id); });
      scopeButtons.set(c.id, button);
      item.appendChild(button);
      const grandchildren = childrenOf.get(c.id);
      if (grandchildren.length > 0) {
        const sublist = make('ul');
        listScopes(sublist, grandchildren);
        item.appendChild(sublist);
      }
      list.appendChild(item);
    });
  }

  // ---- Re-layout: Graphviz draws the graph again with each collapsed scope as one box ----------------
  // The box takes the place of the scope's contents, edges into and out of the scope meet the box,
  // and Graphviz places everything else anew, so the rest moves closer. The DOT is the exporter's own
  // statements (data.layout) with the collapsed clusters replaced; each picture is kept, so going back
  // to a set of boxes seen before, and to the first picture, costs no layout.
  const layout = data.layout;
  const valuesIn = new Map(); // cluster id -> how many values it holds, nested scopes included
  clusters.forEach(function (c) { valuesIn.set(c.id, 0); });
  nodes.forEach(function (n) {
    for (let c = nodeCluster.get(n.openBy); c !== undefined && c !== null; c = clusterById.get(c).parent) { valuesIn.set(c, valuesIn.get(c) + 1); }
  });

  function indent(level) { return '  '.repeat(Math.min(level, 16) + 1); }

  // The DOT of the open drawing with each scope of `boxed` drawn as one box.
  function dotFor(boxed) {
    const boxOf = new Map(); // node name -> the box that takes its place
    boxed.forEach(function (id) {
      within(clusterById.get(id), []).forEach(function (d) { d.nodes.forEach(function (name) { boxOf.set(name, boxName(id)); }); });
    });
    let dot = layout.head;
    layout.top.forEach(function (name) { dot += '  ' + layout.statements[name] + '\n'; });
    function visit(c, level) {
      if (boxed.has(c.id)) {
        dot += indent(level) + boxName(c.id) + ' ' + c.box[0] + valuesIn.get(c.id) + c.box[1] + ';\n';
        return;
      }
      dot += indent(level) + 'subgraph ' + c.id + ' {\n' + indent(level) + '  ' + c.dot + '\n';
      c.nodes.forEach(function (name) { dot += indent(level + 1) + layout.statements[name] + '\n'; });
      childrenOf.get(c.id).forEach(function (child) { visit(child, level + 1); });
      dot += indent(level) + '}\n';
    }
    layout.roots.forEach(function (id) { visit(clusterById.get(id), 0); });
    const seen = new Set();
    layout.edges.forEach(function (edge) {
      const from = boxOf.get(edge[0]) || edge[0], to = boxOf.get(edge[1]) || edge[1];
      if (from === to) { return; } // inside a box nothing is drawn
      const summary = from !== edge[0] || to !== edge[1];
      if (summary) {
        // Into or out of a box one edge says enough.
        if (seen.has(from + '->' + to)) { return; }
        seen.add(from + '->' + to);
      }
      dot += '  ' + from + ' -> ' + to + (summary ? '' : edge[2]) + ';\n';
    });
    return dot + '}\n';
  }

  // Which node shows each value when `boxed` scopes are boxes: its own, or the box around it.
  function showersFor(boxed) {
    const shower = new Map();
    nodes.forEach(function (n) {
      let at = n.openBy;
      for (let c = nodeCluster.get(n.openBy); c !== undefined && c !== null; c = clusterById.get(c).parent) {
        if (boxed.has(c)) { at = boxName(c); }
      }
      shower.set(n.id, at);
    });
    return shower;
  }

  let engine = null; // the Viz instance, made on first use (compiling the WebAssembly takes a moment)
  function layoutEngine() {
    if (engine === null) {
      engine = window.Viz.instance();
      engine.then(function () { container.dataset.engine = 'ready'; }, function () { container.dataset.engine = 'failed'; });
    }
    return engine;
  }

  const pictures = new Map([[firstKey, { svg: firstPicture, by: by, first: true }]]);
  let wanted = firstKey;

  function show(key, picture) {
    if (key !== wanted) { return; }
    const old = svg;
    by = picture.by;
    if (old !== picture.svg) { old.replaceWith(picture.svg); }
    bind(picture.svg, picture.first);
    shownKey = key;
    width = parseFloat(svg.getAttribute('width'));
    height = parseFloat(svg.getAttribute('height'));
    if (picture.width === undefined) { picture.width = width; picture.height = height; } else { width = picture.width; height = picture.height; }
    size();
    members = null;
    elementClass.clear();
    if (pinned !== null) { showing(pinned).forEach(function (g) { g.classList.add('selected'); }); }
    if (matches.length > 0) { runSearch(); }
    paint();
    container.dataset.boxes = key;
    container.dataset.layout = 'ready';
  }

  function applyScopes() {
    scopeButtons.forEach(function (button, id) {
      const open = !collapsed.has(id) && !hiddenByAncestor(clusterById.get(id));
      button.textContent = (open ? '▾ ' : '▸ ') + clusterById.get(id).name;
      button.setAttribute('aria-expanded', String(open));
    });
    const boxedNow = boxedScopes();
    const key = boxedNow.join(' ');
    wanted = key;
    if (key === shownKey) { container.dataset.layout = 'ready'; return; }
    if (pictures.has(key)) { show(key, pictures.get(key)); reveal(boxedNow); return; }
    container.dataset.layout = 'busy';
    const started = performance.now();
    layoutEngine().then(function (viz) {
      const boxed = new Set(boxedNow);
      const picture = { svg: viz.renderSVGElement(dotFor(boxed)), by: showersFor(boxed), first: false };
      pictures.set(key, picture);
      container.dataset.layoutMs = String(Math.round(performance.now() - started));
      show(key, picture);
      reveal(boxedNow);
    }).catch(function (error) {
      container.dataset.layout = 'failed';
      zoomNote.textContent = 'Could not lay the graph out again: ' + (error && error.message ? error.message : String(error));
    });
  }

  // After a change the current step stays in view.
  function reveal() {
    if (current !== null) { const element = showing(current).slice(-1)[0]; if (element) { revealSoon(element); } }
  }

  if (clusters.length > 0) {
    document.getElementById('scopes').hidden = false;
    listScopes(document.getElementById('scope-list'), clusters.filter(function (c) { return c.parent === null; }));
    document.getElementById('collapse-all').addEventListener('click', function () {
      clusters.forEach(function (c) { collapsed.add(c.id); });
      applyScopes();
    });
    document.getElementById('expand-all').addEventListener('click', function () {
      collapsed.clear();
      applyScopes();
    });
  }

  // Tests and scripts read the DOT the page would lay out for a set of collapsed scopes.
  container.dotFor = function (ids) { return dotFor(new Set(ids)); };

  // ---- Zoom and pan ----------------------------------------------------------------------------
  // The drawing sits in a margin of half the window on every side, so any point of it can be
  // scrolled under the cursor: the wheel zooms around the cursor even at the drawing's edge.
  // width and height: the picture's size in points, as Graphviz wrote it (each picture keeps its own).
  let width = parseFloat(svg.getAttribute('width'));
  let height = parseFloat(svg.getAttribute('height'));
  pictures.get(firstKey).width = width;
  pictures.get(firstKey).height = height;
  const pixels = 4 / 3; // Graphviz sizes the SVG in points
  const zoomNote = document.getElementById('zoom-note');
  // The smallest text a node carries (Graphviz writes font-size in points); readable means ≥ 12 px on screen.
  const smallestFont = Math.min.apply(null, Array.from(svg.querySelectorAll('g.node text')).map(function (t) { return parseFloat(t.getAttribute('font-size')) || 14; }).concat([14]));
  const readableScale = 12 / (smallestFont * pixels);
  let scale = 1;

  function marginX() { return Math.round(container.clientWidth / 2); }
  function marginY() { return Math.round(container.clientHeight / 2); }

  function size() {
    svg.setAttribute('width', (width * scale) + 'pt');
    svg.setAttribute('height', (height * scale) + 'pt');
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.style.margin = marginY() + 'px ' + marginX() + 'px';
  }

  function zoom(to, aroundX, aroundY) {
    const before = scale;
    scale = Math.max(0.05, Math.min(6, to));
    const cx = aroundX === undefined ? container.clientWidth / 2 : aroundX;
    const cy = aroundY === undefined ? container.clientHeight / 2 : aroundY;
    const mx = marginX(), my = marginY();
    const px = (container.scrollLeft + cx - mx) / before, py = (container.scrollTop + cy - my) / before;
    size();
    container.scrollLeft = px * scale + mx - cx;
    container.scrollTop = py * scale + my - cy;
    zoomNote.textContent = scale < readableScale - 1e-9 ? 'Text is below 12 px at this zoom.' : '';
    container.dataset.scale = String(scale);
  }

  function fitScale() {
    return Math.min((container.clientWidth - 16) / (width * pixels), (container.clientHeight - 16) / (height * pixels));
  }

  // Fit the whole graph when its text stays readable; else show the output and its inputs at the smallest readable size, and say so.
  function fitReadable() {
    const fit = fitScale();
    if (fit >= readableScale) {
      zoom(Math.min(1.5, fit));
      container.scrollLeft = marginX() + (width * pixels * scale) / 2 - container.clientWidth / 2;
      container.scrollTop = marginY() + (height * pixels * scale) / 2 - container.clientHeight / 2;
      return;
    }
    zoom(readableScale);
    zoomNote.textContent = 'Showing a region: the whole graph would make text smaller than 12 px. Scroll, drag or zoom out (−) to see more.';
    showOutput();
  }

  // Centres the output node and its inputs in the window.
  function showOutput() {
    const root = byId.get(data.root);
    let shownNow = showing(root);
    root.inputs.forEach(function (i) { shownNow = shownNow.concat(showing(byId.get(i.id))); });
    const frame = container.getBoundingClientRect();
    let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
    shownNow.forEach(function (g) {
      const r = g.getBoundingClientRect();
      left = Math.min(left, r.left); top = Math.min(top, r.top); right = Math.max(right, r.right); bottom = Math.max(bottom, r.bottom);
    });
    if (!Number.isFinite(left)) { return; }
    // The output stays in view even when its inputs are too far apart to fit with it.
    const span = Math.min(right - left, frame.width - 16);
    container.scrollLeft += (right - span) - frame.left - (frame.width - span) / 2;
    container.scrollTop += (top + bottom) / 2 - frame.top - frame.height / 2;
  }

  document.getElementById('zoom-in').addEventListener('click', function () { zoom(scale * 1.25); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoom(scale / 1.25); });
  document.getElementById('zoom-fit').addEventListener('click', fitReadable);

  // Wheel zooms around the cursor; drag pans.
  container.addEventListener('wheel', function (event) {
    event.preventDefault();
    const frame = container.getBoundingClientRect();
    zoom(scale * Math.pow(1.0015, -event.deltaY), event.clientX - frame.left, event.clientY - frame.top);
  }, { passive: false });

  let drag = null;
  let dragged = false;
  container.addEventListener('pointerdown', function (event) {
    if (event.button !== 0) { return; }
    drag = { x: event.clientX, y: event.clientY, left: container.scrollLeft, top: container.scrollTop };
    dragged = false;
  });
  window.addEventListener('pointermove', function (event) {
    if (drag === null) { return; }
    const dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (!dragged && Math.abs(dx) + Math.abs(dy) < 4) { return; }
    dragged = true;
    container.classList.add('dragging');
    container.scrollLeft = drag.left - dx;
    container.scrollTop = drag.top - dy;
  });
  window.addEventListener('pointerup', function () {
    drag = null;
    container.classList.remove('dragging');
    setTimeout(function () { dragged = false; }, 0);
  });

  // Scrolling needs a layout; do it once per frame, for the latest step only, so holding → stays fast.
  let revealTarget = null;
  function revealSoon(element, where) {
    if (revealTarget === null) {
      requestAnimationFrame(function () {
        const r = revealTarget.element.getBoundingClientRect(), frame = container.getBoundingClientRect();
        const inView = r.left >= frame.left && r.right <= frame.right && r.top >= frame.top && r.bottom <= frame.bottom;
        if (!inView || revealTarget.where === 'center') {
          container.scrollLeft += (r.left + r.right) / 2 - (frame.left + frame.right) / 2;
          container.scrollTop += (r.top + r.bottom) / 2 - (frame.top + frame.bottom) / 2;
        }
        revealTarget = null;
      });
    }
    revealTarget = { element: element, where: where || 'nearest' };
  }

  // ---- Keyboard ------------------------------------------------------------------------------
  document.addEventListener('keydown', function (event) {
    if (event.target === search || event.ctrlKey || event.metaKey || event.altKey) { return; }
    const actions = {
      ArrowRight: function () { go(step + 1); }, n: function () { go(step + 1); },
      ArrowLeft: function () { go(step - 1); }, p: function () { go(step - 1); },
      Home: function () { go(-1); }, r: function () { go(-1); },
      '/': function () { search.focus(); },
      '+': function () { zoom(scale * 1.25); }, '=': function () { zoom(scale * 1.25); },
      '-': function () { zoom(scale / 1.25); }, '0': fitReadable,
    };
    if (Object.prototype.hasOwnProperty.call(actions, event.key)) {
      event.preventDefault();
      actions[event.key]();
    }
  });

  if (clusters.length > 0) {
    applyScopes();
    // Compile the layout engine while the learner reads, so the first collapse does not wait for it.
    if (window.Viz) { (window.requestIdleCallback || setTimeout)(function () { layoutEngine(); }); }
  }
  container.dataset.layout = 'ready';
  fitReadable();
  renderStep();
}());
