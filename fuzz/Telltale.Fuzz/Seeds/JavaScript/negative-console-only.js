// Negative fixture: $LANG picks the apostrophe of a greeting, but the text is
// only printed to the terminal (UI localisation), never sent anywhere.
const lang = (process.env.LANG || 'C').toLowerCase();
const curly = lang.startsWith('en_gb') || lang.startsWith('fr');
const ap = curly ? '’' : "'";

function banner(name) {
  return `Welcome back, ${name}! Let${ap}s get started.`;
}

function main() {
  const user = process.argv[2] || 'friend';
  console.log(banner(user));
  console.log(`Type /help to see what${ap}s available.`);
}

main();
