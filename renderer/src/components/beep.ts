// A short low tone for a refused scan: the clerk is looking at the book, not the screen.
let context: AudioContext | null = null;

export function errorBeep(): void {
  try {
    context ??= new AudioContext();
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'square';
    oscillator.frequency.value = 220;
    gain.gain.value = 0.08;
    oscillator.connect(gain).connect(context.destination);
    oscillator.start();
    oscillator.stop(context.currentTime + 0.25);
  } catch {
    // No audio here (a locked-down browser): the red banner still says it.
  }
}
