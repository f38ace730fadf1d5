/** A small picture of a file's kind (PDF, text, other) for attachments without a thumbnail. */
export function FileIcon({ mimeType }: { mimeType: string }) {
  const label = mimeType === 'application/pdf' ? 'PDF' : mimeType.startsWith('text/') ? 'TXT' : 'FILE';
  const colour = label === 'PDF' ? '#b3261e' : label === 'TXT' ? '#2f6b57' : '#5f5a52';
  return (
    <svg viewBox="0 0 40 48" width="40" height="48" aria-hidden="true" focusable="false">
      <path d="M4 2h22l10 10v34H4z" fill="var(--surface)" stroke="currentColor" strokeWidth="2" />
      <path d="M26 2v10h10" fill="none" stroke="currentColor" strokeWidth="2" />
      <rect x="2" y="26" width="30" height="13" rx="2" fill={colour} />
      <text
        x="17"
        y="36"
        textAnchor="middle"
        fontSize="9"
        fontWeight="700"
        fill="#fff"
        fontFamily="sans-serif"
      >
        {label}
      </text>
    </svg>
  );
}
