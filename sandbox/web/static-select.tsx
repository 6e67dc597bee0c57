import { useEffect, useRef, useState } from 'react';
import { optionsOf, type BlockElement } from './block-kit.ts';

/**
 * A Block Kit static select drawn with slack-blocks-to-jsx's own class names. Ours rather than the
 * library's because the library's select (1.1.1, `static_select_element.tsx`) keeps the chosen
 * value in its state but never shows it, nor `initial_option`: its box always shows the
 * placeholder, so an approver could not see which duration is picked. Choosing reports itself.
 */
export function StaticSelect({ element, selected, onChoose }: {
  element: BlockElement;
  /** The option the user picked on this surface, if any (else `initial_option`). */
  selected: { value: string; text: string } | undefined;
  onChoose: (option: { value: string; text: string }) => void;
}) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return undefined;
    const close = (event: MouseEvent): void => {
      if (!box.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const shown = selected?.text ?? element.initial_option?.text.text;
  return (
    <div
      ref={box}
      id={element.action_id}
      data-testid={`select-${element.action_id ?? ''}`}
      className="ub-select py-1 px-2 h-7 min-h-[28px] relative flex items-center justify-between rounded text-small w-[190px] border border-black-primary.3 cursor-pointer"
      tabIndex={0}
      role="combobox"
      aria-expanded={open}
      onClick={() => setOpen((o) => !o)}
    >
      <span className={shown ? 'ub-select-value' : 'ub-select-placeholder text-black-primary.3'}>{shown ?? element.placeholder?.text ?? 'Pick an option'}</span>
      <svg xmlns="http://www.w3.org/2000/svg" fill="none" viewBox="0 0 24 24" strokeWidth="3" stroke="currentColor" className="w-3 h-3">
        <path strokeLinecap="round" strokeLinejoin="round" d="M19.5 8.25l-7.5 7.5-7.5-7.5" />
      </svg>
      {open && (
        <div
          className="absolute top-[24px] -left-3 bg-white-secondary border border-gray-primary rounded-[6px] shadow-custom_shadow-1 w-[322px] max-w-[322px] max-h-[240px] overflow-auto py-3 z-20"
          role="listbox"
        >
          <div className="flex flex-col">
            {optionsOf(element).map((option) => (
              <div
                key={option.value}
                role="option"
                aria-selected={option.text.text === shown}
                data-testid={`option-${option.value}`}
                className="h-7 px-6 flex items-center select-none cursor-pointer hover:bg-blue-primary hover:text-white-primary"
                onClick={(event) => {
                  event.stopPropagation();
                  setOpen(false);
                  onChoose({ value: option.value, text: option.text.text });
                }}
              >
                {option.text.text}
              </div>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
