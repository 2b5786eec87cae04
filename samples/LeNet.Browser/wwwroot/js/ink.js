// Pointer input (mouse, pen, touch) on the drawing canvas. The ink is drawn here at once, for a
// smooth line; the points go to .NET once per animation frame, where the drawing the network sees
// is rendered from them (InkRaster), so what the network sees never depends on the canvas's own
// anti-aliasing.

// Each point is three numbers: 0 to start a stroke or 1 to extend it, then x and y in canvas units.
const Start = 0, Extend = 1;

export function attach(canvas, page, size, radius) {
    const context = canvas.getContext('2d');
    const scale = window.devicePixelRatio || 1;
    canvas.width = size * scale;
    canvas.height = size * scale;
    context.scale(scale, scale);
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.lineWidth = 2 * radius;
    context.strokeStyle = context.fillStyle = '#111';

    let pending = [], scheduled = false, active = null, last = null;

    const flush = () => {
        scheduled = false;
        if (pending.length > 0) {
            const points = pending;
            pending = [];
            page.invokeMethodAsync('OnInk', points);
        }
    };
    const schedule = () => {
        if (!scheduled) {
            scheduled = true;
            requestAnimationFrame(flush);
        }
    };
    // Canvas units from the event's position, whatever size CSS gives the canvas.
    const position = e => {
        const box = canvas.getBoundingClientRect();
        return [(e.clientX - box.left) * size / box.width, (e.clientY - box.top) * size / box.height];
    };
    const add = (kind, [x, y]) => {
        pending.push(kind, x, y);
        context.beginPath();
        if (kind === Start) {
            context.arc(x, y, radius, 0, 2 * Math.PI);
            context.fill();
        } else {
            context.moveTo(last[0], last[1]);
            context.lineTo(x, y);
            context.stroke();
        }
        last = [x, y];
    };

    canvas.addEventListener('pointerdown', e => {
        if (active !== null || (e.pointerType === 'mouse' && e.button !== 0)) {
            return;
        }
        active = e.pointerId;
        canvas.setPointerCapture(e.pointerId);
        add(Start, position(e));
        schedule();
        e.preventDefault();
    });
    canvas.addEventListener('pointermove', e => {
        if (e.pointerId !== active) {
            return;
        }
        // The browser merges moves into one event per frame; the merged ones keep every point.
        const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [];
        for (const each of events.length > 0 ? events : [e]) {
            add(Extend, position(each));
        }
        schedule();
    });
    const end = e => {
        if (e.pointerId === active) {
            active = null;
            flush();
        }
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
}

export function clear(canvas) {
    const context = canvas.getContext('2d');
    context.save();
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.restore();
}

// The 28x28 input as the network sees it: 0 black, 255 white.
export function drawDigit(canvas, pixels) {
    const context = canvas.getContext('2d');
    const image = context.createImageData(canvas.width, canvas.height);
    for (let i = 0; i < pixels.length; i++) {
        image.data[4 * i] = image.data[4 * i + 1] = image.data[4 * i + 2] = pixels[i];
        image.data[4 * i + 3] = 255;
    }
    context.putImageData(image, 0, 0);
}

export function download(name, bytes) {
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// Resolves after the browser has drawn a frame and run what was waiting: the pause between training slices.
export function nextFrame() {
    return new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

export function now() {
    return performance.now();
}

// For tests and the curious: the page's state as JSON, from the console as lenet.snapshot().
export function expose(page) {
    window.lenet = { snapshot: () => page.invokeMethod('Snapshot') };
}
