// A report figure that cannot be drawn (a run that stored no epochs answers 404) hides its grid cell instead of showing a
// broken image. A listener from a file, not an inline onerror attribute: the Content-Security-Policy refuses inline handlers.
// Image errors do not bubble, so the listener is on the capture phase of the whole document (pages render after it).
document.addEventListener('error', event => {
    const img = event.target;
    if (img instanceof HTMLImageElement && img.hasAttribute('data-hide-when-broken')) {
        const cell = img.closest('.mud-grid-item');
        if (cell) cell.style.display = 'none';
    }
}, true);
