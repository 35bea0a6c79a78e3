// drafts.js - what a user types into a form is kept in localStorage while they type, so that a
// session that ends (or a reload) loses nothing: useDraft(key, initial) is useState that
// starts from the kept draft; clearDraft(key) forgets it once the form is saved. Passwords are
// never kept (forms with passwords use useState).
import { useEffect, useState } from "preact/hooks";

const PREFIX = "klar.draft.";

function load(key) {
  try {
    const text = localStorage.getItem(PREFIX + key);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

export function useDraft(key, initial) {
  const [value, setValue] = useState(() => load(key) || initial);
  useEffect(() => {
    try {
      localStorage.setItem(PREFIX + key, JSON.stringify(value));
    } catch {
      /* storage full or off: the draft lasts this page only */
    }
  }, [key, value]);
  return [value, setValue];
}

export function clearDraft(key) {
  try {
    localStorage.removeItem(PREFIX + key);
  } catch {
    /* nothing kept */
  }
}
