/** Small DOM helpers: every string that reaches innerHTML goes through `escape`. */

export function escape(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A template tag that escapes every interpolated value unless it is marked `raw`. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0];
  values.forEach((value, i) => {
    out += (Array.isArray(value) ? value.map(part).join('') : part(value)) + strings[i + 1];
  });
  return new Raw(out);
}

export class Raw {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const part = (value: unknown) => (value instanceof Raw ? value.text : escape(value));

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing`);
  return found as T;
}

/** Replaces an element's content only when it changed, so a button is not swapped under a click. */
export function setHtml(element: HTMLElement, content: Raw | string): void {
  const text = String(content);
  if (element.dataset.rendered === text) return;
  element.dataset.rendered = text;
  element.innerHTML = text;
}
