"use strict";
// Quote entry in the story form (articles.forms.QuoteForm):
// - each quote's paragraph list follows the body editor as it changes, numbered from 1 with the
//   first words of each paragraph, counted as articles.text.body_paragraphs counts them
//   (top-level blocks with text; pictures never count);
// - "Quote the selected words" adds a quote row with the words selected in the body and their
//   paragraph;
// - the anonymous sources added above, not yet saved, can be chosen in every quote row ("new-N",
//   row N of their inline), so one save records the source and its quotes.
(() => {
  const BLOCKS = new Set(["P", "H2", "H3", "H4", "UL", "OL", "BLOCKQUOTE", "PRE", "HR"]);
  const WORDS_SHOWN = 9;
  const ATTRIBUTIONS = "anonymous_attributions";

  const editor = () => document.querySelector(".field-body .ProseMirror[contenteditable]");
  const clean = (text) => text.replace(/\s+/g, " ").trim();

  // The body's top-level blocks that count as paragraphs, in order.
  const paragraphBlocks = (root) =>
    Array.from(root.children).filter(
      (block) => BLOCKS.has(block.tagName) && clean(block.textContent) !== "",
    );

  const label = (number, text) => {
    const words = clean(text).split(" ");
    const shown = words.slice(0, WORDS_SHOWN).join(" ");
    return `${number} — ${shown}${words.length > WORDS_SHOWN ? "…" : ""}`;
  };

  function refreshParagraphs() {
    const root = editor();
    if (!root) return;
    const labels = paragraphBlocks(root).map((block, i) => label(i + 1, block.textContent));
    for (const select of document.querySelectorAll("select.quote-paragraph")) {
      const chosen = select.value;
      const options = [new Option("Choose the paragraph…", "")];
      labels.forEach((text, i) => options.push(new Option(text, String(i + 1))));
      if (chosen && Number(chosen) > labels.length) {
        options.push(new Option(`${chosen} — not in the body`, chosen));
      }
      select.replaceChildren(...options);
      select.value = chosen;
    }
  }

  // --- anonymous sources added in this form ------------------------------------------------

  let nextKey = 1;  // a stable key per new attribution row: the inline renumbers rows on removal

  function newAttributions() {
    const found = [];
    const group = document.getElementById(`${ATTRIBUTIONS}-group`);
    if (!group) return found;
    for (const row of group.querySelectorAll(".inline-related:not(.empty-form)")) {
      const description = row.querySelector(`textarea[name$="-description"], input[name$="-description"]`);
      const id = row.querySelector(`input[name$="-id"]`);
      const remove = row.querySelector(`input[name$="-DELETE"]`);
      if (!description || (id && id.value) || (remove && remove.checked)) continue;
      const text = clean(description.value);
      const index = description.name.match(/-(\d+)-description$/);
      if (!text || !index) continue;
      row.dataset.attributionKey ||= String(nextKey++);
      found.push({ value: `new-${index[1]}`, key: row.dataset.attributionKey, text });
    }
    return found;
  }

  function refreshAnonymous() {
    const added = newAttributions();
    for (const select of document.querySelectorAll(`select[name^="quotes-"][name$="-anonymous"]`)) {
      const chosen = select.selectedOptions[0];
      const chosenKey = chosen ? chosen.dataset.attributionKey : undefined;
      for (const option of Array.from(select.options)) {
        if (option.value.startsWith("new-")) option.remove();
      }
      for (const attribution of added) {
        const option = new Option(`New: ${attribution.text}`, attribution.value);
        option.dataset.attributionKey = attribution.key;
        option.selected = attribution.key === chosenKey;
        select.add(option);
      }
    }
  }

  // --- quoting the words selected in the body ----------------------------------------------

  let selected = null;  // {words, paragraph} of the last selection made in the body

  function rememberSelection(button) {
    const root = editor();
    const selection = document.getSelection();
    if (!root || !selection.rangeCount || !root.contains(selection.anchorNode)) return;
    const words = clean(selection.toString()).replace(/^["“‘]+|["”’]+$/g, "").trim();
    if (selection.isCollapsed || !words) {
      selected = null;
    } else {
      const start = selection.getRangeAt(0).startContainer;
      const block = paragraphBlocks(root).find((candidate) => candidate.contains(start));
      selected = { words, paragraph: block ? paragraphBlocks(root).indexOf(block) + 1 : null };
    }
    button.disabled = selected === null;
    button.textContent = selected
      ? `Quote “${selected.words.split(" ").slice(0, 6).join(" ")}${selected.words.split(" ").length > 6 ? "…" : ""}”`
      : "Quote the selected words";
  }

  function quoteSelection() {
    const add = document.querySelector("#quotes-group .add-row a");
    const total = document.getElementById("id_quotes-TOTAL_FORMS");
    if (!selected || !add || !total) return;
    add.click();  // Django's inline script adds the row at once
    const index = Number(total.value) - 1;
    const text = document.getElementById(`id_quotes-${index}-text`);
    const paragraph = document.getElementById(`id_quotes-${index}-paragraph`);
    if (!text) return;
    text.value = selected.words;
    if (paragraph && selected.paragraph) paragraph.value = String(selected.paragraph);
    const row = document.getElementById(`quotes-${index}`);
    row.scrollIntoView({ block: "center" });
    (row.querySelector(".select2-selection") || text).focus();
  }

  function addQuoteButton() {
    const field = document.querySelector(".field-body");
    if (!field || !document.getElementById("quotes-empty")) return;  // no adding: no button
    const bar = document.createElement("p");
    bar.className = "quote-selection";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.id = "quote-selection";
    button.disabled = true;
    button.textContent = "Quote the selected words";
    const hint = document.createElement("span");
    hint.className = "help";
    hint.textContent = " Select words in the body to add a quote with them and their paragraph.";
    bar.append(button, hint);
    field.append(bar);
    button.addEventListener("click", quoteSelection);
    document.addEventListener("selectionchange", () => rememberSelection(button));
  }

  // --- wiring ------------------------------------------------------------------------------

  let queued = false;
  const refresh = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      refreshParagraphs();
      refreshAnonymous();
    });
  };

  function watchEditor() {
    const field = document.querySelector(".field-body");
    if (!field) return;
    new MutationObserver(refresh).observe(field, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (!document.getElementById("quotes-group")) return;
    watchEditor();
    addQuoteButton();
    document.getElementById(`${ATTRIBUTIONS}-group`)?.addEventListener("input", refresh);
    document.getElementById(`${ATTRIBUTIONS}-group`)?.addEventListener("change", refresh);
    document.addEventListener("formset:added", refresh);
    document.addEventListener("formset:removed", refresh);
    refresh();
  });
})();
