// Escape closes an open MudSelect list. MudBlazor 9 hears Escape only on some selects (a single-selection select of
// nullable values, as the Tracks page's run, keeps its list open); here an open select's list closes the way a click
// outside closes it, through the overlay MudBlazor puts under the list, so the component's state stays in step.
document.addEventListener('keydown', event => {
    if (event.key !== 'Escape' || !document.querySelector('.mud-select [role=combobox][aria-expanded=true]')) return;
    document.querySelectorAll('.mud-popover-provider .mud-overlay').forEach(overlay => overlay.click());
}, true);
