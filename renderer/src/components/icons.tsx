// The few icons the desk needs, as inline paths (Material Symbols geometry), so no icon package
// is bundled for three glyphs.
import SvgIcon, { type SvgIconProps } from '@mui/material/SvgIcon';

export function CloseIcon(props: SvgIconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z" />
    </SvgIcon>
  );
}

export function ArrowUpwardIcon(props: SvgIconProps) {
  return (
    <SvgIcon {...props}>
      <path d="m4 12 1.41 1.41L11 7.83V20h2V7.83l5.58 5.59L20 12l-8-8z" />
    </SvgIcon>
  );
}

export function ArrowDownwardIcon(props: SvgIconProps) {
  return (
    <SvgIcon {...props}>
      <path d="m20 12-1.41-1.41L13 16.17V4h-2v12.17l-5.58-5.59L4 12l8 8z" />
    </SvgIcon>
  );
}
