"use strict";
// Suggests existing topics for the term after the last comma of a taggit field, from the admin's
// autocomplete view; choosing one (click, or arrows and Enter) completes that term. The field
// stays taggit's comma-separated text, so a new topic can still be typed freely.
document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll("input[data-topic-autocomplete-url]")) {
    const list = document.getElementById(input.getAttribute("aria-controls"));
    let timer = null;
    let active = -1;
    let latest = 0;  // answers to older requests arrive late and are dropped

    const unquote = (term) => term.trim().replace(/^"|"$/g, "");
    const chosen = () => input.value.split(",").slice(0, -1).map(unquote).filter(Boolean);

    const close = () => {
      list.hidden = true;
      list.replaceChildren();
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    };

    const choose = (name) => {
      const terms = chosen().map((term) => (term.includes(",") ? `"${term}"` : term));
      terms.push(name.includes(",") ? `"${name}"` : name);
      input.value = `${terms.join(", ")}, `;  // the trailing comma keeps multi-word names whole
      close();
      input.focus();
    };

    const highlight = (index) => {
      const options = list.querySelectorAll("li");
      options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
      active = index;
      if (options[index]) input.setAttribute("aria-activedescendant", options[index].id);
    };

    const show = (names) => {
      close();
      const taken = new Set(chosen().map((name) => name.toLowerCase()));
      names.filter((name) => !taken.has(name.toLowerCase())).forEach((name, i) => {
        const option = document.createElement("li");
        option.id = `${list.id}-${i}`;
        option.setAttribute("role", "option");
        option.textContent = name;
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();  // keep the focus in the field
          choose(name);
        });
        list.append(option);
      });
      if (list.children.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    };

    const suggest = () => {
      const term = unquote(input.value.split(",").pop());
      if (!term) {
        close();
        return;
      }
      const url = `${input.dataset.topicAutocompleteUrl}&term=${encodeURIComponent(term)}`;
      const request = ++latest;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : { results: [] }))
        .then((data) => {
          if (request === latest) show(data.results.map((result) => result.text));
        })
        .catch(close);
    };

    input.addEventListener("input", () => {
      clearTimeout(timer);
      latest += 1;
      timer = setTimeout(suggest, 150);
    });
    input.addEventListener("keydown", (event) => {
      const count = list.children.length;
      if (list.hidden || !count) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        highlight((active + (event.key === "ArrowDown" ? 1 : count - 1)) % count);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();  // choose, do not submit the story
        choose(list.children[active].textContent);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", close);
  }
});
