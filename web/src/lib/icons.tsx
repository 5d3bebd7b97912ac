/** Inline SVG icons (no icon font, nothing fetched). Decorative: hidden from screen readers. */
import type { ReactNode, SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

/** An icon component from its SVG paths (24-unit grid, stroked, decorative). */
export const makeIcon = (paths: ReactNode) =>
  function Icon({ size = 18, ...rest }: IconProps) {
    return (
      <svg
        width={size}
        height={size}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={2}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
        {...rest}
      >
        {paths}
      </svg>
    );
  };

export const PlusIcon = makeIcon(<path d="M12 5v14M5 12h14" />);
export const MenuIcon = makeIcon(<path d="M4 6h16M4 12h16M4 18h16" />);
export const SendIcon = makeIcon(<path d="M12 19V5M5 12l7-7 7 7" />);
export const StopIcon = makeIcon(<rect x="7" y="7" width="10" height="10" rx="1.5" fill="currentColor" />);
export const CopyIcon = makeIcon(
  <>
    <rect x="9" y="9" width="12" height="12" rx="2" />
    <path d="M5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1" />
  </>,
);
export const CheckIcon = makeIcon(<path d="M20 6 9 17l-5-5" />);
export const TrashIcon = makeIcon(<path d="M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6" />);
export const PencilIcon = makeIcon(<path d="M17 3a2.8 2.8 0 0 1 4 4L8 20l-5 1 1-5z" />);
export const PinIcon = makeIcon(<path d="M12 17v5M9 3h6l-1 7 4 3v2H6v-2l4-3z" />);
export const DownloadIcon = makeIcon(<path d="M12 4v12M6 10l6 6 6-6M4 20h16" />);
export const UploadIcon = makeIcon(<path d="M12 20V8M6 14l6-6 6 6M4 4h16" />);
export const ArchiveIcon = makeIcon(<path d="M3 4h18v4H3zM5 8v12h14V8M10 12h4" />);
export const ArrowLeftIcon = makeIcon(<path d="M19 12H5M12 19l-7-7 7-7" />);
export const MoreIcon = makeIcon(
  <>
    <circle cx="5" cy="12" r="1" fill="currentColor" />
    <circle cx="12" cy="12" r="1" fill="currentColor" />
    <circle cx="19" cy="12" r="1" fill="currentColor" />
  </>,
);
export const ChevronDownIcon = makeIcon(<path d="m6 9 6 6 6-6" />);
export const ChevronRightIcon = makeIcon(<path d="m9 6 6 6-6 6" />);
export const ArrowDownIcon = makeIcon(<path d="M12 5v14M19 12l-7 7-7-7" />);
export const LogOutIcon = makeIcon(<path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4M16 17l5-5-5-5M21 12H9" />);
export const RetryIcon = makeIcon(<path d="M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5" />);
export const SearchIcon = makeIcon(
  <>
    <circle cx="11" cy="11" r="7" />
    <path d="m20 20-3.5-3.5" />
  </>,
);
export const AlertIcon = makeIcon(
  <path d="M12 9v4M12 17h.01M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z" />,
);
export const ServerIcon = makeIcon(
  <>
    <rect x="3" y="4" width="18" height="7" rx="2" />
    <rect x="3" y="13" width="18" height="7" rx="2" />
    <path d="M7 7.5h.01M7 16.5h.01" />
  </>,
);
export const FlameIcon = makeIcon(
  <path d="M12 2c1 4 6 6 6 12a6 6 0 0 1-12 0c0-3 1.5-4.5 3-6 0 2.5 1 4 2.5 4C10 8 10.5 5 12 2z" />,
);
