// Quizzes (sitebuild/quiz.py renders them): check an answer, show every option's explanation,
// and keep which questions were answered right in localStorage, per question ID (the same in
// every language). Progress lines ([data-quiz-ids]) show "answered/total" and can be reset.
(() => {
  const KEY = "itdl.quiz.answered";

  function load() {
    try {
      return JSON.parse(localStorage.getItem(KEY)) || {};
    } catch (error) {
      return {};
    }
  }
  function save(answered) {
    try {
      localStorage.setItem(KEY, JSON.stringify(answered));
    } catch (error) {
      // storage full or disabled: the quiz still works, progress is not kept
    }
  }

  function options(quiz) {
    return [...quiz.querySelectorAll(".quiz__option")];
  }

  function clear(quiz) {
    quiz.classList.remove("quiz--right", "quiz--wrong", "quiz--done");
    for (const option of options(quiz)) {
      option.querySelector("input").checked = false;
      option.classList.remove("is-correct", "is-chosen");
      option.querySelector(".quiz__explanation").hidden = true;
      option.querySelector("input").removeAttribute("aria-describedby");
    }
    quiz.querySelector(".quiz__result").textContent = "";
  }

  function check(quiz) {
    const result = quiz.querySelector(".quiz__result");
    const all = options(quiz);
    if (!all.some((option) => option.querySelector("input").checked)) {
      result.textContent = result.dataset.empty;
      return;
    }
    let right = true;
    for (const option of all) {
      const input = option.querySelector("input");
      const correct = option.dataset.correct === "true";
      right = right && input.checked === correct;
      option.classList.toggle("is-correct", correct);
      option.classList.toggle("is-chosen", input.checked);
      const why = option.querySelector(".quiz__explanation");
      const verdict = why.querySelector(".quiz__verdict");
      verdict.textContent = correct ? verdict.dataset.right : verdict.dataset.wrong;
      why.hidden = false;
      input.setAttribute("aria-describedby", why.id);
    }
    quiz.classList.toggle("quiz--right", right);
    quiz.classList.toggle("quiz--wrong", !right);
    result.textContent = right ? result.dataset.right : result.dataset.wrong;
    if (right) {
      const answered = load();
      answered[quiz.dataset.quizId] = true;
      save(answered);
      updateProgress();
    }
  }

  function updateProgress() {
    const answered = load();
    for (const line of document.querySelectorAll("[data-quiz-ids]")) {
      const ids = line.dataset.quizIds.split(" ").filter(Boolean);
      const count = line.querySelector(".quiz-progress__count");
      if (count) count.textContent = `${ids.filter((id) => answered[id]).length}/${ids.length}`;
      line.classList.toggle("is-complete", ids.length > 0 && ids.every((id) => answered[id]));
    }
    for (const quiz of document.querySelectorAll(".quiz")) {
      const before = answered[quiz.dataset.quizId] && !quiz.classList.contains("quiz--right");
      quiz.classList.toggle("quiz--done", Boolean(answered[quiz.dataset.quizId]));
      if (before) quiz.querySelector(".quiz__result").textContent = quiz.querySelector(".quiz__result").dataset.done;
    }
  }

  function reset(line) {
    const answered = load();
    for (const id of line.dataset.quizIds.split(" ")) delete answered[id];
    save(answered);
    for (const quiz of document.querySelectorAll(".quiz")) {
      if (line.dataset.quizIds.split(" ").includes(quiz.dataset.quizId)) clear(quiz);
    }
    updateProgress();
  }

  function setup() {
    for (const quiz of document.querySelectorAll(".quiz:not([data-ready])")) {
      quiz.dataset.ready = "1";
      quiz.querySelector(".quiz__check").addEventListener("click", () => check(quiz));
    }
    for (const button of document.querySelectorAll("[data-quiz-reset]:not([data-ready])")) {
      button.dataset.ready = "1";
      button.addEventListener("click", () => reset(button.closest("[data-quiz-ids]")));
    }
    updateProgress();
  }

  setup(); // at once: Material's document$ does not fire for a page opened from disk
  if (window.document$) window.document$.subscribe(setup); // after every instant navigation too
  window.addEventListener("storage", (event) => event.key === KEY && updateProgress());
})();
