alert('HOSTILE_MARK');
