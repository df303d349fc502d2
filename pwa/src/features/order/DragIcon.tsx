// The grip on a row's drag handle: two columns of dots.
export function DragIcon() {
  return (
    <svg
      className="icon icon-sm"
      viewBox="0 0 24 24"
      fill="currentColor"
      aria-hidden="true"
      focusable="false"
    >
      {[5, 12, 19].flatMap((y) => [
        <circle key={`l${y}`} cx="9" cy={y} r="1.75" />,
        <circle key={`r${y}`} cx="15" cy={y} r="1.75" />,
      ])}
    </svg>
  );
}
