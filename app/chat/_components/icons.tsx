// Line icons for /chat (24×24, currentColor). Decorative: the buttons carry the words.
const base = { viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 1.9, strokeLinecap: "round", strokeLinejoin: "round" } as const;

export const BackIcon = ({ className = "h-5 w-5" }: { className?: string }) => (
  <svg aria-hidden {...base} className={className}>
    <path d="M15 5l-7 7 7 7" />
  </svg>
);
export const AddPersonIcon = ({ className = "h-5 w-5" }: { className?: string }) => (
  <svg aria-hidden {...base} className={className}>
    <circle cx="9" cy="8" r="3.5" />
    <path d="M2.5 20c.8-3.6 3.4-5.5 6.5-5.5s5.7 1.9 6.5 5.5M19 8v6M16 11h6" />
  </svg>
);
export const RequestsIcon = ({ className = "h-5 w-5" }: { className?: string }) => (
  <svg aria-hidden {...base} className={className}>
    <circle cx="8.5" cy="8" r="3.2" />
    <circle cx="16.5" cy="9" r="2.6" />
    <path d="M2.5 19.5c.7-3.2 3-5 6-5s5.3 1.8 6 5M15 14.6c2.9-.4 5.6 1 6.5 4.4" />
  </svg>
);
export const InfoIcon = ({ className = "h-5 w-5" }: { className?: string }) => (
  <svg aria-hidden {...base} className={className}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 11v5M12 7.5v.5" />
  </svg>
);
export const CloseIcon = ({ className = "h-5 w-5" }: { className?: string }) => (
  <svg aria-hidden {...base} className={className}>
    <path d="M6 6l12 12M18 6L6 18" />
  </svg>
);
export const PinIcon = ({ className = "h-3.5 w-3.5" }: { className?: string }) => (
  <svg aria-hidden {...base} className={className}>
    <path d="M9 3h6l-1 6 4 3v2H6v-2l4-3zM12 14v7" />
  </svg>
);
export const MutedIcon = ({ className = "h-3.5 w-3.5" }: { className?: string }) => (
  <svg aria-hidden {...base} className={className}>
    <path d="M11 5L6 9H3v6h3l5 4zM16 9l5 6M21 9l-5 6" />
  </svg>
);
export const SearchIcon = ({ className = "h-4 w-4" }: { className?: string }) => (
  <svg aria-hidden {...base} className={className}>
    <circle cx="11" cy="11" r="6.5" />
    <path d="M20 20l-4.2-4.2" />
  </svg>
);
export const ChatBubbleIcon = ({ className = "h-10 w-10" }: { className?: string }) => (
  <svg aria-hidden {...base} strokeWidth={1.5} className={className}>
    <path d="M21 12c0 4.4-4 8-9 8-1.5 0-2.9-.3-4.2-.9L3 20l1.2-3.6C3.4 15.1 3 13.6 3 12c0-4.4 4-8 9-8s9 3.6 9 8z" />
  </svg>
);
export const GroupIcon = ({ className = "h-5 w-5" }: { className?: string }) => (
  <svg aria-hidden {...base} className={className}>
    <circle cx="9" cy="8.5" r="3.2" />
    <path d="M3 19.5c.7-3.3 3-5.2 6-5.2s5.3 1.9 6 5.2" />
    <circle cx="16.8" cy="8" r="2.5" />
    <path d="M16.5 13.6c2.4.1 4 1.6 4.6 4.4" />
  </svg>
);
export const NewGroupIcon = ({ className = "h-5 w-5" }: { className?: string }) => (
  <svg aria-hidden {...base} className={className}>
    <path d="M20 11.5v6.5a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h6.5" />
    <path d="M17.6 3.4a1.9 1.9 0 0 1 2.7 2.7L12.5 14 9 15l1-3.5z" />
  </svg>
);
export const CheckIcon = ({ className = "h-4 w-4" }: { className?: string }) => (
  <svg aria-hidden {...base} strokeWidth={2.4} className={className}>
    <path d="M5 12.5l4.5 4.5L19 7.5" />
  </svg>
);
export const ChevronIcon = ({ className = "h-4 w-4" }: { className?: string }) => (
  <svg aria-hidden {...base} className={className}>
    <path d="M9 5l7 7-7 7" />
  </svg>
);
/** a chat room: a hash, the sign of a public channel */
export const RoomIcon = ({ className = "h-5 w-5" }: { className?: string }) => (
  <svg aria-hidden {...base} className={className}>
    <path d="M9.5 4 7.5 20M16.5 4l-2 16M4.5 9h16M3.5 15h16" />
  </svg>
);
/** opens somewhere else (a new tab) */
export const ExternalIcon = ({ className = "h-5 w-5" }: { className?: string }) => (
  <svg aria-hidden {...base} className={className}>
    <path d="M14 4h6v6M20 4l-9 9M18 14v4a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h4" />
  </svg>
);
export const WalletIcon = ({ className = "h-5 w-5" }: { className?: string }) => (
  <svg aria-hidden {...base} className={className}>
    <path d="M4 7.5A2.5 2.5 0 0 1 6.5 5H18v3" />
    <rect x="4" y="7.5" width="16" height="11.5" rx="2.5" />
    <path d="M20 11h-3.5a2 2 0 0 0 0 4H20" />
  </svg>
);
