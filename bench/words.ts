/** Word lists the generator builds titles, names and reviews from. */

// biome-ignore format: word lists read better packed.
export const ADJECTIVES = [
  'Silent', 'Hidden', 'Broken', 'Golden', 'Last', 'First', 'Lost', 'Secret', 'Dark', 'Bright', 'Little',
  'Great', 'Wild', 'Quiet', 'Burning', 'Frozen', 'Forgotten', 'Endless', 'Hollow', 'Crimson', 'Silver',
  'Distant', 'Gentle', 'Bitter', 'Sweet', 'Strange', 'Ordinary', 'Invisible', 'Wandering', 'Sleeping',
  'Restless', 'Ancient', 'Modern', 'Northern', 'Southern', 'Eastern', 'Western', 'Painted', 'Shattered',
  'Radiant', 'Midnight', 'Summer', 'Winter', 'Autumn', 'Spring', 'Blue', 'Green', 'Red', 'White', 'Black',
  'Emerald', 'Iron', 'Glass', 'Paper', 'Stone', 'Velvet', 'Electric', 'Lonely', 'Brave', 'Curious',
  'Impossible', 'Beautiful', 'Terrible', 'Secondhand', 'Unfinished', 'Borrowed', 'Weightless', 'Fragile',
] as const;

// biome-ignore format: word lists read better packed.
export const NOUNS = [
  'Garden', 'River', 'House', 'Sea', 'Mountain', 'City', 'Night', 'Morning', 'Storm', 'Forest', 'Island',
  'Library', 'Kingdom', 'Empire', 'Road', 'Bridge', 'Tower', 'Light', 'Shadow', 'Fire', 'Water', 'Wind',
  'Star', 'Moon', 'Sun', 'Sky', 'Heart', 'Mind', 'Song', 'Dream', 'Memory', 'Promise', 'Secret', 'Letter',
  'Map', 'Key', 'Door', 'Window', 'Mirror', 'Clock', 'Crown', 'Sword', 'Ship', 'Train', 'Station', 'Harbor',
  'Orchard', 'Meadow', 'Valley', 'Desert', 'Winter', 'Summer', 'Year', 'Hour', 'Day', 'Journey', 'Voyage',
  'Daughter', 'Son', 'Mother', 'Father', 'Sister', 'Brother', 'Stranger', 'Friend', 'Thief', 'King', 'Queen',
  'Witch', 'Wolf', 'Fox', 'Bird', 'Raven', 'Tiger', 'Whale', 'Dragon', 'Ghost', 'Angel', 'Saint', 'Spy',
  'Doctor', 'Painter', 'Poet', 'Gardener', 'Keeper', 'Hunter', 'Sailor', 'Soldier', 'Child', 'Widow',
  'Wedding', 'Funeral', 'Feast', 'Game', 'War', 'Peace', 'Silence', 'Echo', 'Ashes', 'Dust', 'Salt', 'Bones',
  'Glass', 'Thread', 'Needle', 'Lantern', 'Candle', 'Flame', 'Rain', 'Snow', 'Tide', 'Shore', 'Lighthouse',
  'Museum', 'Theater', 'Circus', 'Hotel', 'Cafe', 'Bookshop', 'Archive', 'Chronicle', 'Atlas', 'Almanac',
  'Machine', 'Engine', 'Signal', 'Code', 'Cipher', 'Planet', 'Galaxy', 'Orbit', 'Comet', 'Horizon', 'Border',
  'Country', 'Village', 'Street', 'Alley', 'Square', 'Market', 'Palace', 'Castle', 'Cathedral', 'Temple',
] as const;

// biome-ignore format: word lists read better packed.
export const PLACES = [
  'Paris', 'Lisbon', 'Kyoto', 'Venice', 'Cairo', 'Dublin', 'Prague', 'Havana', 'Istanbul', 'Oslo',
  'Marrakesh', 'Buenos Aires', 'Mumbai', 'Seoul', 'Nairobi', 'Reykjavík', 'Kraków', 'Montréal',
] as const;

// biome-ignore format: word lists read better packed.
export const SUBTITLES = [
  'A Novel', 'Stories', 'A Memoir', 'Poems', 'A History', 'A Mystery', 'Book One', 'Book Two',
  'Essays', 'A Thriller', 'An Investigation', 'A Love Story', 'A Biography', 'Selected Writings',
] as const;

// biome-ignore format: word lists read better packed.
export const FIRST_NAMES = [
  'Anna', 'James', 'Maria', 'John', 'Sofia', 'David', 'Emma', 'Michael', 'Olivia', 'Daniel', 'Chloé',
  'Lucas', 'Zoë', 'Mateo', 'Ingrid', 'Björn', 'Aiko', 'Hiroshi', 'Priya', 'Arjun', 'Fatima', 'Omar',
  'Léa', 'Hugo', 'Elena', 'Pablo', 'Ana', 'José', 'Nadia', 'Ivan', 'Katarzyna', 'Łukasz', 'Siobhán',
  'Seán', 'Amara', 'Kwame', 'Mei', 'Wei', 'Sara', 'Thomas', 'Grace', 'Henry', 'Alice', 'Samuel', 'Ruth',
  'Peter', 'Helen', 'George', 'Clara', 'Felix', 'Nora', 'Oscar', 'Iris', 'Leo', 'Ada', 'Max', 'Rosa',
  'Elias', 'Maya', 'Noah', 'Lena', 'Jonas', 'Mira', 'Karl', 'Astrid', 'Soren', 'Freya', 'Tomás', 'Inês',
] as const;

// biome-ignore format: word lists read better packed.
export const LAST_NAMES = [
  'Smith', 'Johnson', 'Brown', 'García', 'Müller', 'Rossi', 'Dubois', 'Novak', 'Kowalski', 'Andersson',
  'Nakamura', 'Tanaka', 'Kim', 'Park', 'Chen', 'Wang', 'Singh', 'Patel', 'Okafor', 'Mensah', 'Haddad',
  'Ferreira', 'Silva', 'López', 'Martínez', 'O’Brien', 'Murphy', 'MacLeod', 'Jensen', 'Nielsen',
  'Lindqvist', 'Østergaard', 'Þórsson', 'Weiß', 'Schröder', 'Fischer', 'Wagner', 'Becker', 'Moreau',
  'Lefèvre', 'Bianchi', 'Romano', 'Costa', 'Ivanova', 'Petrov', 'Horvát', 'Dvořák', 'Szabó', 'Nagy',
  'Walker', 'Hall', 'Young', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Carter',
  'Mitchell', 'Roberts', 'Turner', 'Phillips', 'Campbell', 'Parker', 'Evans', 'Edwards', 'Collins',
  'Stewart', 'Morris', 'Rogers', 'Reed', 'Cook', 'Morgan', 'Bell', 'Cooper', 'Richardson', 'Cox', 'Ward',
  'Hughes', 'Price', 'Bennett', 'Wood', 'Barnes', 'Ross', 'Henderson', 'Coleman', 'Jenkins', 'Perry',
] as const;

// biome-ignore format: word lists read better packed.
export const PUBLISHERS = [
  'Penguin Books', 'HarperCollins', 'Vintage', 'Faber & Faber', 'Gallimard', 'Knopf', 'Picador', 'Tor',
  'Orbit', 'Bloomsbury', 'Scribner', 'Grove Press', 'New Directions', 'Verso', 'Granta', 'Canongate',
  'Riverhead', 'Del Rey', 'Ace', 'Small Beer Press', 'Graywolf', 'Fitzcarraldo', 'Europa Editions',
] as const;

// biome-ignore format: word lists read better packed.
export const CATEGORIES = [
  'Fiction', 'Literary Fiction', 'Science Fiction', 'Fantasy', 'Mystery', 'Thriller', 'Romance',
  'Historical Fiction', 'Horror', 'Poetry', 'Biography', 'History', 'Science', 'Philosophy', 'Travel',
  'Essays', 'Young Adult', 'Children', 'Graphic Novels', 'Memoir', 'Nature', 'Politics', 'Art', 'Cooking',
] as const;

export const LANGUAGES = { en: 80, fr: 5, de: 4, es: 4, it: 2, ja: 2, pt: 2, nl: 1 } as const;

// biome-ignore format: word lists read better packed.
export const TAGS = [
  'favorites', 'Book Club', 'reread', 'to-reread', 'summer reads', 'comfort reads', 'gift', 'signed copy',
  'sci-fi', 'classics', 'non-fiction', 'poetry', 'short stories', 'translated', 'audiobook', 'kindle',
  '2023 challenge', '2024 challenge', '2025 challenge', 'recommended', 'for work', 'school', 'borrowed',
  'series', 'slow burn', 'tearjerker', 'funny', 'Must Read', 'DNF maybe later', 'holiday',
] as const;

// biome-ignore format: word lists read better packed.
export const REVIEW_SENTENCES = [
  'I could not put this down.',
  'The middle dragged, but the ending made up for it.',
  'Beautifully written, with characters that stayed with me for weeks.',
  'Not for me, though I can see why others love it.',
  'The translation reads wonderfully.',
  'A slow start and then a gripping second half.',
  'I wanted more from the ending.',
  'Perfect for a rainy weekend.',
  'The world-building is extraordinary.',
  'Some chapters are brilliant, others forgettable.',
  'I laughed out loud more than once.',
  'Read it for book club and the discussion was lively.',
  'The twist in the last act changes everything about the first.',
  'Quiet, precise and devastating.',
  'Better than the first book in the series.',
] as const;

// biome-ignore format: word lists read better packed.
export const DESCRIPTION_SENTENCES = [
  'A sweeping story of love and loss across three generations.',
  'When a letter arrives from a stranger, everything she believed about her family begins to unravel.',
  'An unforgettable journey through a country on the brink of change.',
  'Part mystery, part meditation on memory, this is a novel about what we choose to forget.',
  'In a city of canals and secrets, a young apprentice uncovers a plot that reaches the palace.',
  'A collection of stories about people at the edges of their lives.',
  'The definitive account of a forgotten chapter of history.',
  'A witty, warm and wise debut.',
  'Set over a single summer, it follows two friends as they drift apart and find their way back.',
  'A thrilling adventure for readers of all ages.',
] as const;
